# The code lists the runtime validates with (included from runtime/CMakeLists.txt): NAICS
# from stdlib/naics-<edition>.csv and ISO 3166-1 from Debian's iso-codes. Output:
# reference_codes_data.inc, generated at build time by cmake/embed_reference_codes.cmake and
# compiled into the runtime (and so libicp), so a service reads no files and every host checks
# the same lists.

set(ICP_ISO_3166_JSON "/usr/share/iso-codes/json/iso_3166-1.json" CACHE FILEPATH
    "ISO 3166-1 table of the iso-codes package, embedded as the list of country codes")
if(NOT EXISTS "${ICP_ISO_3166_JSON}")
  message(FATAL_ERROR
    "ISO 3166-1 data not found at ${ICP_ISO_3166_JSON}.\n"
    "The icp runtime embeds the country codes of Debian's iso-codes package: run `apt-get install iso-codes` "
    "(or set ICP_ISO_3166_JSON to the iso_3166-1.json of an iso-codes install).")
endif()

# The version goes into the library so every host can say which ISO 3166-1 edition it checks against.
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

# The edition is the file's: a new NAICS edition is a new file (stdlib/README.md "Updating").
file(GLOB ICP_NAICS_CSV "${PROJECT_SOURCE_DIR}/stdlib/naics-*.csv")
list(LENGTH ICP_NAICS_CSV icp_naics_files)
if(NOT icp_naics_files EQUAL 1 OR NOT ICP_NAICS_CSV MATCHES "/naics-([0-9][0-9][0-9][0-9])\\.csv$")
  message(FATAL_ERROR "stdlib/ must hold exactly one NAICS list named naics-YYYY.csv, found: ${ICP_NAICS_CSV}")
endif()
set(ICP_NAICS_EDITION "${CMAKE_MATCH_1}")

set(ICP_REFERENCE_CODES_DATA "${PROJECT_BINARY_DIR}/runtime/input/reference_codes_data.inc")
set(ICP_REFERENCE_CODES_SCRIPT "${PROJECT_SOURCE_DIR}/cmake/embed_reference_codes.cmake")
add_custom_command(
  OUTPUT "${ICP_REFERENCE_CODES_DATA}"
  COMMAND "${CMAKE_COMMAND}"
          "-DNAICS_CSV=${ICP_NAICS_CSV}"
          "-DNAICS_EDITION=${ICP_NAICS_EDITION}"
          "-DISO_JSON=${ICP_ISO_3166_JSON}"
          "-DISO_VERSION=${ICP_ISO_CODES_VERSION}"
          "-DOUTPUT=${ICP_REFERENCE_CODES_DATA}"
          -P "${ICP_REFERENCE_CODES_SCRIPT}"
  DEPENDS "${ICP_REFERENCE_CODES_SCRIPT}" "${PROJECT_SOURCE_DIR}/cmake/embed_common.cmake" "${ICP_NAICS_CSV}"
          "${ICP_ISO_3166_JSON}"
  COMMENT "Embedding NAICS ${ICP_NAICS_EDITION} and ISO 3166-1 (iso-codes ${ICP_ISO_CODES_VERSION})"
  VERBATIM)

# Listed as a source so that it is generated before reference_codes.cpp, which includes it.
# The runtime's objects (runtime/CMakeLists.txt) make libicp_runtime.a and libicp alike.
target_sources(icp_runtime_objects PRIVATE "${ICP_REFERENCE_CODES_DATA}")
target_include_directories(icp_runtime_objects PRIVATE "${PROJECT_BINARY_DIR}")
