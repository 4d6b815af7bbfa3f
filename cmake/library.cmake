# libicp, the distributable library, and the install of the public API. Input: the object
# libraries of the project's libraries (cmake/library_objects.cmake). Output: libicp.so
# (SONAME, exports from cmake/libicp.map), libicp.a, and the install rules of the public
# headers, the libraries, icp.pc (pkg-config) and the CMake package `icp`.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# What libicp holds: the whole public API: the runtime, and the compiler behind the compile
# API (include/icp/compile.hpp) with its grammar and embedded stdlib. The analysis library
# joins with its objects when it gets public headers.
set(ICP_LIBRARY_OBJECTS $<TARGET_OBJECTS:icp_runtime_objects> $<TARGET_OBJECTS:icp_grammar_objects>
    $<TARGET_OBJECTS:icp_compiler_objects> $<TARGET_OBJECTS:icp_reference_objects>)
# What linking the static archives needs besides them (libicp.so records it itself).
set(ICP_LIBRARY_DEPENDENCIES fmt::fmt simdjson::simdjson OpenSSL::Crypto tomlplusplus::tomlplusplus)

set(ICP_EXPORT_MAP ${PROJECT_SOURCE_DIR}/cmake/libicp.map)
add_library(icp_shared SHARED ${ICP_LIBRARY_OBJECTS})
add_library(icp::icp ALIAS icp_shared)
# 0.x: a minor version may break the ABI, so the SONAME carries it (libicp.so.0.1); from 1.0
# on it will carry the major version alone.
set_target_properties(icp_shared PROPERTIES
  OUTPUT_NAME icp EXPORT_NAME icp
  VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR}
  LINK_DEPENDS ${ICP_EXPORT_MAP})
# The version script exports icp::* and icp_* and nothing else: hidden visibility already
# hides the library's own code, and the script also keeps the std:: template code compiled
# into it (vector<string>'s, say) out of its ABI. Calls inside the library bind to its own
# definitions (-Bsymbolic-functions).
target_link_options(icp_shared PRIVATE "LINKER:--version-script=${ICP_EXPORT_MAP}" "LINKER:-Bsymbolic-functions")
if(NOT ICP_SANITIZE AND NOT ICP_FUZZ)
  # Every symbol the library needs is found at link time, so it loads anywhere its
  # dependencies are installed (the sanitizers' runtimes are the executable's to bring).
  target_link_options(icp_shared PRIVATE "LINKER:--no-undefined")
endif()
icp_library_interface(icp_shared)
target_link_libraries(icp_shared PRIVATE ${ICP_LIBRARY_DEPENDENCIES})

add_library(icp_static STATIC ${ICP_LIBRARY_OBJECTS})
set_target_properties(icp_static PROPERTIES OUTPUT_NAME icp EXPORT_NAME icp_static)
icp_library_interface(icp_static)
target_link_libraries(icp_static PRIVATE ${ICP_LIBRARY_DEPENDENCIES})

# --- install ---------------------------------------------------------------------------
# The public headers and nothing else: include/icp/ holds exactly them (each compiles on its
# own: tests/library/headers_test.sh), plus the generated version.h.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/icp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")
install(FILES ${PROJECT_BINARY_DIR}/include/icp/version.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/icp)

# icp::runtime is what the installed package called its static runtime before libicp; a
# service that links it keeps linking, now to libicp.a (the same objects, no second archive).
add_library(icp_runtime_installed INTERFACE)
set_target_properties(icp_runtime_installed PROPERTIES EXPORT_NAME runtime)
target_link_libraries(icp_runtime_installed INTERFACE icp_static)

# libicp.so needs nothing at build time but itself; the static archives need fmt, simdjson
# and libcrypto at link time, so they are their own export set, which icpConfig.cmake
# defines only when it finds them (component `static`).
install(TARGETS icp_shared EXPORT icpTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS icp_static icp_runtime_installed EXPORT icpStaticTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})

set(ICP_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/icp)
install(EXPORT icpTargets NAMESPACE icp:: DESTINATION ${ICP_CMAKE_DIR})
install(EXPORT icpStaticTargets NAMESPACE icp:: DESTINATION ${ICP_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/icpConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/icpConfig.cmake
                              INSTALL_DESTINATION ${ICP_CMAKE_DIR})
# 0.x: a minor version may break the API, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/icpConfigVersion.cmake
                                 VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/icpConfig.cmake ${PROJECT_BINARY_DIR}/icpConfigVersion.cmake
        DESTINATION ${ICP_CMAKE_DIR})

# pkg-config: prefix is found from the .pc file's own place (${pcfiledir}), so the file is
# right wherever the tree is installed or unpacked (a prefix, a .deb extracted anywhere).
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(ICP_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH ICP_PC_UP "/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/")
  string(REGEX REPLACE "/$" "" ICP_PC_UP "${ICP_PC_UP}")
  set(ICP_PC_PREFIX "\${pcfiledir}/${ICP_PC_UP}")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/icp.pc.in ${PROJECT_BINARY_DIR}/icp.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/icp.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
