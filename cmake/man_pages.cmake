# Writes icpc.1 and icpc-COMMAND.1 for every command `icpc manpage` lists, into OUTPUT_DIR,
# from the built icpc (ICPC): the man pages come from the same text as --help.
# Run by the icpc_man_pages target (tools/icpc/CMakeLists.txt) after icpc is linked.
cmake_minimum_required(VERSION 3.25)
foreach(var ICPC OUTPUT_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "man_pages.cmake: ${var} is not set")
  endif()
endforeach()
file(MAKE_DIRECTORY "${OUTPUT_DIR}")

function(write_page command file)
  execute_process(COMMAND "${ICPC}" manpage ${command} OUTPUT_VARIABLE page RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "man_pages.cmake: `icpc manpage ${command}` failed (${status})")
  endif()
  file(WRITE "${OUTPUT_DIR}/${file}" "${page}")
endfunction()

write_page("" icpc.1)
file(READ "${OUTPUT_DIR}/icpc.1" top)
# Each command is listed in COMMANDS as ".TP\n.B name\n".
string(REGEX MATCHALL "\\.TP\n\\.B [a-z]+\n" entries "${top}")
foreach(entry IN LISTS entries)
  string(REGEX REPLACE "\\.TP\n\\.B ([a-z]+)\n" "\\1" command "${entry}")
  write_page("${command}" "icpc-${command}.1")
endforeach()
