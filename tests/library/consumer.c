/* The C host of the library tests (the scripts in tests/library/): a program that knows
 * libicp only through its installed C header. Input: an .icpb artifact, AS_OF, and JSON
 * Lines on stdin. Output on stdout: the library's version, then per line its decision JSON
 * or "line N: <the error message>" (the transcript consumer.cpp writes via the C++ API). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icp/icp.h"

/* One line of stdin, without its newline, in a buffer grown as needed; NULL at the end. */
static char* read_line(char** buffer, size_t* capacity, size_t* length) {
  int c;
  *length = 0;
  while ((c = getchar()) != EOF && c != '\n') {
    if (*length + 1 >= *capacity) {
      char* grown = realloc(*buffer, *capacity * 2 + 64);
      if (grown == NULL) return NULL;
      *buffer = grown;
      *capacity = *capacity * 2 + 64;
    }
    (*buffer)[(*length)++] = (char)c;
  }
  if (c == EOF && *length == 0) return NULL;
  return *buffer;
}

int main(int argc, char** argv) {
  icp_error err;
  icp_program* program;
  icp_evaluator* evaluator;
  char* line = NULL;
  size_t capacity = 0, length = 0;
  unsigned long number = 0;
  int failed = 0;
  if (argc != 3) {
    fprintf(stderr, "usage: consumer ARTIFACT AS_OF < records.jsonl\n");
    return 2;
  }
  /* The headers and the library linked are the same release (a test of the install). */
  if (strcmp(icp_version(), ICP_VERSION_STRING) != 0) {
    fprintf(stderr, "consumer: headers %s, library %s\n", ICP_VERSION_STRING, icp_version());
    return 2;
  }
  printf("icp %s (%d.%d.%d)\n", icp_version(), ICP_VERSION_MAJOR, ICP_VERSION_MINOR, ICP_VERSION_PATCH);
  program = icp_program_load(argv[1], &err);
  if (program == NULL) {
    fprintf(stderr, "consumer: %s: %s\n", icp_status_name(err.code), err.message);
    return 2;
  }
  evaluator = icp_evaluator_new(program);
  if (evaluator == NULL) return 2;
  while (!failed && read_line(&line, &capacity, &length) != NULL) {
    const icp_status status = icp_evaluate_json(evaluator, line, length, argv[2], 0, &err);
    ++number;
    if (status == ICP_OK) {
      printf("%s\n", icp_decision_json(evaluator));
    } else if (status == ICP_ERR_INVALID_RECORD) {
      printf("line %lu: %s\n", number, err.message);
    } else {
      fprintf(stderr, "consumer: line %lu: %s: %s\n", number, icp_status_name(status), err.message);
      failed = 1;
    }
  }
  free(line);
  icp_evaluator_free(evaluator);
  icp_program_free(program);
  return failed || fflush(stdout) != 0 ? 1 : 0;
}
