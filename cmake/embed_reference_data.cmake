# Build step (cmake -P), run by compiler/check/reference_data.cmake: embeds the reference data.
# Input: STDLIB_DIR (*.icp modules, naics-2022.csv), ISO_JSON (Debian iso-codes
# iso_3166-1.json), ISO_VERSION. Output: OUTPUT, a C++ file of sorted constexpr tables that
# compiler/check/reference_data.cpp searches (KEEP IN SYNC: detail:: in reference_data.hpp).
cmake_minimum_required(VERSION 3.25)

foreach(var STDLIB_DIR ISO_JSON ISO_VERSION OUTPUT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_reference_data.cmake: -D${var}=... is required")
  endif()
endforeach()

# Every text goes into a raw string literal with this delimiter; a text that contains the
# closing sequence would end the literal early, so it is refused rather than escaped.
set(DELIMITER "icp_embed")
set(CLOSING ")${DELIMITER}\"")

# Appends `R"icp_embed(text)icp_embed"` to the variable named by out_var.
function(append_literal out_var text what)
  string(FIND "${text}" "${CLOSING}" found)
  if(NOT found EQUAL -1)
    message(FATAL_ERROR "${what} contains `${CLOSING}`, which cannot be embedded")
  endif()
  set(${out_var} "${${out_var}}R\"${DELIMITER}(${text})${DELIMITER}\"" PARENT_SCOPE)
endfunction()

# CMake lists split at `;` except inside `[...]` and after `\`, so the texts carry these
# characters swapped for control codes (which no source text holds) until they are written.
string(ASCII 31 sep)
string(ASCII 27 stand_in_semicolon)
string(ASCII 28 stand_in_open)
string(ASCII 29 stand_in_close)
string(ASCII 30 stand_in_backslash)

function(protect var)
  set(text "${${var}}")
  string(REPLACE "\\" "${stand_in_backslash}" text "${text}")
  string(REPLACE ";" "${stand_in_semicolon}" text "${text}")
  string(REPLACE "[" "${stand_in_open}" text "${text}")
  string(REPLACE "]" "${stand_in_close}" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()

function(restore var)
  set(text "${${var}}")
  string(REPLACE "${stand_in_close}" "]" text "${text}")
  string(REPLACE "${stand_in_open}" "[" text "${text}")
  string(REPLACE "${stand_in_semicolon}" ";" text "${text}")
  string(REPLACE "${stand_in_backslash}" "\\" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()

# Writes one table: two parallel constexpr arrays of keys and values, keys sorted bytewise
# (the order std::string_view compares in). `pairs` holds protected "key<US>value" entries;
# US sorts before every printable character, so a key sorts before its extensions.
function(append_table out_var name pairs what)
  list(SORT pairs COMPARE STRING)
  set(keys "")
  set(values "")
  foreach(pair IN LISTS pairs)
    string(FIND "${pair}" "${sep}" at)
    string(SUBSTRING "${pair}" 0 ${at} key)
    math(EXPR value_at "${at} + 1")
    string(SUBSTRING "${pair}" ${value_at} -1 value)
    restore(key)
    restore(value)
    append_literal(keys "${key}" "${what} key `${key}`")
    append_literal(values "${value}" "${what} entry `${key}`")
    string(APPEND keys ",\n")
    string(APPEND values ",\n")
  endforeach()
  set(${out_var} "${${out_var}}constexpr std::string_view ${name}_keys[] = {\n${keys}};\n\
constexpr std::string_view ${name}_values[] = {\n${values}};\n\n" PARENT_SCOPE)
endfunction()


# --- stdlib modules: file stem -> source text ---------------------------------------------
file(GLOB module_files "${STDLIB_DIR}/*.icp")
set(module_pairs "")
foreach(path IN LISTS module_files)
  get_filename_component(stem "${path}" NAME_WE)
  if(NOT stem MATCHES "^[a-z_][a-z0-9_]*$")
    message(FATAL_ERROR "${path}: a module name must be an identifier ([a-z_][a-z0-9_]*)")
  endif()
  file(READ "${path}" text)
  protect(text)
  list(APPEND module_pairs "${stem}${sep}${text}")
endforeach()
if(NOT module_pairs)
  message(FATAL_ERROR "no stdlib modules (*.icp) in ${STDLIB_DIR}")
endif()

# --- NAICS 2022: code -> title ------------------------------------------------------------
# Census CSV, CRLF lines, titles quoted when they hold a comma. Ranged sectors ("31-33")
# stay one row, as in the source; their 2-digit parts become aliases.
file(READ "${STDLIB_DIR}/naics-2022.csv" csv)
string(REPLACE "\r" "" csv "${csv}")
protect(csv)
string(REPLACE "\n" ";" csv_lines "${csv}")
list(POP_FRONT csv_lines header)
if(NOT header STREQUAL "code,title")
  message(FATAL_ERROR "naics-2022.csv: expected the header `code,title`, found `${header}`")
endif()
set(naics_pairs "")
set(alias_pairs "")
foreach(line IN LISTS csv_lines)
  if(line STREQUAL "")
    continue()
  endif()
  if(line MATCHES "^([0-9]+(-[0-9]+)?),\"(.*)\"$")
    set(title "${CMAKE_MATCH_3}")
    string(REPLACE "\"\"" "\"" title "${title}")
  elseif(line MATCHES "^([0-9]+(-[0-9]+)?),([^\"]*)$")
    set(title "${CMAKE_MATCH_3}")
  else()
    message(FATAL_ERROR "naics-2022.csv: cannot read the line `${line}`")
  endif()
  set(code "${CMAKE_MATCH_1}")
  list(APPEND naics_pairs "${code}${sep}${title}")
  if(code MATCHES "^([0-9][0-9])-([0-9][0-9])$")
    foreach(part RANGE ${CMAKE_MATCH_1} ${CMAKE_MATCH_2})
      list(APPEND alias_pairs "${part}${sep}${code}")
    endforeach()
  endif()
endforeach()

# --- ISO 3166-1: alpha-2 -> name ----------------------------------------------------------
file(READ "${ISO_JSON}" json)
string(JSON count ERROR_VARIABLE json_error LENGTH "${json}" "3166-1")
if(json_error)
  message(FATAL_ERROR "${ISO_JSON}: not the iso-codes ISO 3166-1 file (${json_error})")
endif()
math(EXPR last "${count} - 1")
set(country_pairs "")
foreach(i RANGE ${last})
  string(JSON entry GET "${json}" "3166-1" ${i})
  string(JSON alpha2 GET "${entry}" "alpha_2")
  string(JSON name GET "${entry}" "name")
  if(NOT alpha2 MATCHES "^[A-Z][A-Z]$")
    message(FATAL_ERROR "${ISO_JSON}: `${alpha2}` is not an alpha-2 code")
  endif()
  protect(name)
  list(APPEND country_pairs "${alpha2}${sep}${name}")
endforeach()

# --- output -------------------------------------------------------------------------------
set(body "")
append_table(body module "${module_pairs}" "stdlib module")
append_table(body naics "${naics_pairs}" "NAICS")
append_table(body naics_alias "${alias_pairs}" "NAICS range")
append_table(body country "${country_pairs}" "ISO 3166-1")
set(version_literal "")
append_literal(version_literal "${ISO_VERSION}" "iso-codes version")

file(WRITE "${OUTPUT}.tmp" "\
// Generated by cmake/embed_reference_data.cmake; do not edit. Sources: stdlib/*.icp,
// stdlib/naics-2022.csv (U.S. Census Bureau, NAICS 2022) and ISO 3166-1 from Debian's
// iso-codes ${ISO_VERSION}. Constant-initialised tables: no static initialisation order.
#include \"compiler/check/reference_data.hpp\"

namespace icp::reference::detail {
namespace {

${body}}  // namespace

Table stdlib_modules() { return {module_keys, module_values}; }
Table naics() { return {naics_keys, naics_values}; }
Table naics_ranges() { return {naics_alias_keys, naics_alias_values}; }
Table countries() { return {country_keys, country_values}; }
std::string_view iso_codes_version() { return ${version_literal}; }

}  // namespace icp::reference::detail
")
# Only a changed table touches the output, so an unchanged rebuild recompiles nothing.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
