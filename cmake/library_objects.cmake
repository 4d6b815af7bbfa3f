# How a library of the project is compiled so that libicp.so can be made of it: the helpers
# runtime/ (and, as they join libicp, compiler/ and analysis/) call. Input: an OBJECT library
# target. Output: its objects fit for a shared library, and the usage requirements of the
# static and shared libraries built from them (cmake/library.cmake).
include(GNUInstallDirs)

# Position-independent, so the same objects go into libicp.so and the static archives (one
# compilation, not two). Hidden by default, so libicp.so exports only what a public header
# marks ICP_API, and the compiler may inline and call everything else directly. Without
# semantic interposition, the exported functions are as cheap to call inside the library
# as hidden ones (nobody may replace them at load time: -Bsymbolic-functions binds them).
function(icp_library_objects target)
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_compile_options(${target} PRIVATE -fno-semantic-interposition)
  target_include_directories(${target} PRIVATE
    ${PROJECT_SOURCE_DIR} ${PROJECT_SOURCE_DIR}/include ${PROJECT_BINARY_DIR}/include)
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_link_libraries(${target} PRIVATE icp_warnings)
endfunction()

# Usage requirements of a library made of such objects. Inside the build, the source root is
# on the include path too: the project's tools and tests include internal headers as
# "runtime/<stage>/x.hpp". Installed, only include/ is: it holds the public headers alone
# (icp/*.h, icp/*.hpp), so an installed consumer cannot reach an internal one.
function(icp_library_interface target)
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  # Installed consumers compile the C++ headers as C++20 too.
  target_compile_features(${target} PUBLIC cxx_std_20)
endfunction()
