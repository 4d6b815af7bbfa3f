# Helpers of the build steps that embed data as C++ tables (included by
# embed_reference_codes.cmake and embed_stdlib_modules.cmake, both run with cmake -P).
# Input: texts and key/value pairs. Output: raw string literals and constexpr array text.

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

# Writes `text` to `path` only when it changed, so an unchanged rebuild recompiles nothing.
function(write_if_changed path text)
  file(WRITE "${path}.tmp" "${text}")
  file(COPY_FILE "${path}.tmp" "${path}" ONLY_IF_DIFFERENT)
  file(REMOVE "${path}.tmp")
endfunction()
