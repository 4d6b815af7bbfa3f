/* The identity test's C host (identity_test.sh): decides every line of a JSON Lines file
 * through the C API, as a service written in C would. Input: an .icpb artifact, the records,
 * as_of and 0/1 for the audit. Output on stdout, the transcript all three hosts must agree
 * on: the reference data line, then per input line its decision JSON or
 * "line N: <the C API's error message>". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icp/icp.h"

/* The whole file, NUL-terminated; NULL when it cannot be read. */
static char* read_all(const char* path, size_t* size) {
  FILE* file = fopen(path, "rb");
  char* text = NULL;
  long length;
  if (file == NULL) return NULL;
  if (fseek(file, 0, SEEK_END) == 0 && (length = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0) {
    text = malloc((size_t)length + 1);
    if (text != NULL && fread(text, 1, (size_t)length, file) == (size_t)length) {
      text[length] = '\0';
      *size = (size_t)length;
    } else {
      free(text);
      text = NULL;
    }
  }
  fclose(file);
  return text;
}

/* Decides one line; 0 when it was decided or rejected, 1 on any other failure. */
static int decide_line(icp_evaluator* evaluator, const char* line, size_t length, size_t number,
                       const char* as_of, int audit) {
  icp_error err;
  const icp_status status = icp_evaluate_json(evaluator, line, length, as_of, audit, &err);
  if (status == ICP_OK) {
    printf("%s\n", icp_decision_json(evaluator));
    return 0;
  }
  if (status == ICP_ERR_INVALID_RECORD) {
    printf("line %zu: %s\n", number, err.message);
    return 0;
  }
  fprintf(stderr, "identity_c: line %zu: %s: %s\n", number, icp_status_name(status), err.message);
  return 1;
}

int main(int argc, char** argv) {
  icp_error err;
  icp_program* program;
  icp_evaluator* evaluator;
  char* records;
  size_t size = 0, start = 0, number = 0;
  int failed = 0;
  if (argc != 5) {
    fprintf(stderr, "usage: identity_c ARTIFACT RECORDS AS_OF AUDIT(0|1)\n");
    return 2;
  }
  program = icp_program_load(argv[1], &err);
  if (program == NULL) {
    fprintf(stderr, "identity_c: %s\n", err.message);
    return 2;
  }
  evaluator = icp_evaluator_new(program);
  records = read_all(argv[2], &size);
  if (evaluator == NULL || records == NULL) {
    fprintf(stderr, "identity_c: cannot read %s\n", argv[2]);
    return 2;
  }
  printf("reference data: %s\n", icp_reference_data_version());
  while (start < size && !failed) {
    const char* newline = memchr(records + start, '\n', size - start);
    const size_t end = newline == NULL ? size : (size_t)(newline - records);
    failed = decide_line(evaluator, records + start, end - start, ++number, argv[3], atoi(argv[4]));
    start = end + 1;
  }
  free(records);
  icp_evaluator_free(evaluator);
  icp_program_free(program);
  return failed || fflush(stdout) != 0 ? 1 : 0;
}
