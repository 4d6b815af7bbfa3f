/* routing-service RULES.icpb AS_OF < accounts.jsonl: routes each account (one JSON object
 * a line on stdin) with a built icp program, through the C API only. Output, one line per
 * valid account: id<TAB>action<TAB>queue (queue empty unless the action is `queue`).
 * Rejected records go to stderr with their line number; exit 1 if any was rejected. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icp/icp.h"

/* Blank lines carry no account, so they are skipped rather than reported. */
static int is_blank(const char* text, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    if (strchr(" \t\r\n", text[i]) == NULL) return 0;
  }
  return 1;
}

/* Routes every line of `in`; returns the number of rejected records, or -1 when AS_OF is
 * not a date (the first record reports it: every record would fail the same way). */
static long route_all(icp_evaluator* evaluator, const char* as_of, FILE* in) {
  char* line = NULL;
  size_t capacity = 0;
  ssize_t len;
  unsigned long number = 0;
  long rejected = 0;
  icp_error err;
  while ((len = getline(&line, &capacity, in)) != -1) {
    ++number;
    if (is_blank(line, (size_t)len)) continue;
    const icp_status status = icp_evaluate_json(evaluator, line, (size_t)len, as_of, 0, &err);
    if (status == ICP_ERR_ARGUMENT) {
      fprintf(stderr, "routing-service: %s\n", err.message);
      rejected = -1;
      break;
    }
    if (status != ICP_OK) {
      fprintf(stderr, "line %lu: %s\n", number, err.message);
      ++rejected;
      continue;
    }
    printf("%s\t%s\t%s\n", icp_decision_id(evaluator), icp_decision_route_action(evaluator),
           icp_decision_queue(evaluator));
  }
  free(line);
  return rejected;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s RULES.icpb AS_OF(YYYY-MM-DD) < accounts.jsonl\n", argv[0]);
    return 2;
  }
  icp_error err;
  icp_program* program = icp_program_load(argv[1], &err);
  if (program == NULL) {
    fprintf(stderr, "routing-service: %s (%s)\n", err.message, icp_status_name(err.code));
    return 2;
  }
  icp_evaluator* evaluator = icp_evaluator_new(program);
  if (evaluator == NULL) {
    fprintf(stderr, "routing-service: cannot create an evaluator\n");
    icp_program_free(program);
    return 2;
  }
  fprintf(stderr, "routing-service: %s %s (%s)\n", icp_program_profile(program),
          icp_program_version(program), icp_program_id(program));
  const long rejected = route_all(evaluator, argv[2], stdin);
  icp_evaluator_free(evaluator);
  icp_program_free(program);
  if (rejected < 0) return 2;
  return rejected == 0 ? 0 : 1;
}
