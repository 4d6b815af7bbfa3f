# The stdlib modules embedded into the compiler (included from compiler/CMakeLists.txt).
# Output: the static library icp_reference (its objects also join libicp.so), whose table is generated at build time by
# cmake/embed_stdlib_modules.cmake, so an installed icpc reads no files. The NAICS and ISO
# 3166-1 lists are the runtime's (runtime/input/reference_codes.cmake): one copy for all.

# CONFIGURE_DEPENDS: a new module file re-runs the configure step, so it is embedded too.
file(GLOB ICP_STDLIB_MODULES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/stdlib/*.icp")
set(ICP_REFERENCE_GENERATED "${CMAKE_CURRENT_BINARY_DIR}/reference_data_generated.cpp")
set(ICP_EMBED_SCRIPT "${PROJECT_SOURCE_DIR}/cmake/embed_stdlib_modules.cmake")
add_custom_command(
  OUTPUT "${ICP_REFERENCE_GENERATED}"
  COMMAND "${CMAKE_COMMAND}"
          "-DSTDLIB_DIR=${PROJECT_SOURCE_DIR}/stdlib"
          "-DOUTPUT=${ICP_REFERENCE_GENERATED}"
          -P "${ICP_EMBED_SCRIPT}"
  DEPENDS "${ICP_EMBED_SCRIPT}" "${PROJECT_SOURCE_DIR}/cmake/embed_common.cmake" ${ICP_STDLIB_MODULES}
  COMMENT "Embedding the stdlib modules"
  VERBATIM)

add_library(icp_reference_objects OBJECT
  ${CMAKE_CURRENT_LIST_DIR}/reference_data.cpp
  "${ICP_REFERENCE_GENERATED}"
)
icp_library_objects(icp_reference_objects)
target_link_libraries(icp_reference_objects PRIVATE fmt::fmt)
add_library(icp_reference STATIC $<TARGET_OBJECTS:icp_reference_objects>)
target_include_directories(icp_reference PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(icp_reference PUBLIC icp_runtime)
