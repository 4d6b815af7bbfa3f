# Reference data embedded into the compiler (included from compiler/CMakeLists.txt): the
# stdlib/*.icp modules, NAICS 2022 (stdlib/naics-2022.csv) and ISO 3166-1 from Debian's
# iso-codes. Output: the static library icp_reference, whose tables are generated at
# build time by cmake/embed_reference_data.cmake, so an installed icpc reads no files.

set(ICP_ISO_3166_JSON "/usr/share/iso-codes/json/iso_3166-1.json" CACHE FILEPATH
    "ISO 3166-1 table of the iso-codes package, embedded as the list of country codes")
if(NOT EXISTS "${ICP_ISO_3166_JSON}")
  message(FATAL_ERROR
    "ISO 3166-1 data not found at ${ICP_ISO_3166_JSON}.\n"
    "icpc embeds the country codes of Debian's iso-codes package: run `apt-get install iso-codes` "
    "(or set ICP_ISO_3166_JSON to the iso_3166-1.json of an iso-codes install).")
endif()

# The version goes into the binary so `icpc` can say which ISO 3166-1 edition it checks against.
set(ICP_ISO_CODES_VERSION "unknown")
find_program(ICP_DPKG_QUERY dpkg-query)
if(ICP_DPKG_QUERY)
  execute_process(COMMAND ${ICP_DPKG_QUERY} -W -f=\${Version} iso-codes
                  OUTPUT_VARIABLE icp_iso_version RESULT_VARIABLE icp_iso_result
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(icp_iso_result EQUAL 0 AND icp_iso_version MATCHES "^[0-9A-Za-z.+~:-]+$")
    set(ICP_ISO_CODES_VERSION "${icp_iso_version}")
  endif()
endif()

# CONFIGURE_DEPENDS: a new module file re-runs the configure step, so it is embedded too.
file(GLOB ICP_STDLIB_MODULES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/stdlib/*.icp")
set(ICP_REFERENCE_GENERATED "${CMAKE_CURRENT_BINARY_DIR}/reference_data_generated.cpp")
set(ICP_EMBED_SCRIPT "${PROJECT_SOURCE_DIR}/cmake/embed_reference_data.cmake")
add_custom_command(
  OUTPUT "${ICP_REFERENCE_GENERATED}"
  COMMAND "${CMAKE_COMMAND}"
          "-DSTDLIB_DIR=${PROJECT_SOURCE_DIR}/stdlib"
          "-DISO_JSON=${ICP_ISO_3166_JSON}"
          "-DISO_VERSION=${ICP_ISO_CODES_VERSION}"
          "-DOUTPUT=${ICP_REFERENCE_GENERATED}"
          -P "${ICP_EMBED_SCRIPT}"
  DEPENDS "${ICP_EMBED_SCRIPT}" ${ICP_STDLIB_MODULES} "${PROJECT_SOURCE_DIR}/stdlib/naics-2022.csv"
          "${ICP_ISO_3166_JSON}"
  COMMENT "Embedding stdlib modules, NAICS 2022 and ISO 3166-1 (iso-codes ${ICP_ISO_CODES_VERSION})"
  VERBATIM)

add_library(icp_reference STATIC
  ${CMAKE_CURRENT_LIST_DIR}/reference_data.cpp
  "${ICP_REFERENCE_GENERATED}"
)
target_include_directories(icp_reference PUBLIC ${PROJECT_SOURCE_DIR})
target_link_libraries(icp_reference PRIVATE icp_warnings)
