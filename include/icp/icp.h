/* The C API of the icp runtime, for services written in other languages (C, Go, Rust,
 * Python via FFI). Input: a built .icpb artifact and JSON account records. Output: the
 * decision (verdict, tier, route) and its JSON line. No exception crosses this boundary:
 * every function reports failure through a status code and an icp_error. */
#ifndef ICP_H
#define ICP_H

#include <stddef.h>

#include "icp/export.h"
#include "icp/version.h" /* ICP_VERSION_MAJOR, _MINOR, _PATCH, _STRING, _NUMBER */

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes; 0 is success. Values are stable (part of the ABI). */
typedef enum icp_status {
  ICP_OK = 0,
  ICP_ERR_IO = 1,              /* the artifact file cannot be read */
  ICP_ERR_INVALID_PROGRAM = 2, /* the bytes are not a valid .icpb (or fail verification) */
  ICP_ERR_INVALID_RECORD = 3,  /* the record does not fit the schema, or is not JSON */
  ICP_ERR_ARGUMENT = 4,        /* a NULL handle, a bad as_of date, no decision yet, ... */
  ICP_ERR_INTERNAL = 5         /* a bug or out of memory; the message says more */
} icp_status;

/* Filled on failure (and reset to ICP_OK / "" on success). Callers may pass NULL when they
 * only want the status. The message is NUL-terminated, truncated to fit. */
typedef struct icp_error {
  int code;
  char message[512];
} icp_error;

/* A loaded, verified program: immutable, may be shared by threads. */
typedef struct icp_program icp_program;
/* Per-thread evaluation state (decoder, evaluator, last decision). Not thread-safe. */
typedef struct icp_evaluator icp_evaluator;

/* Loading. NULL on failure, with err->code ICP_ERR_IO (cannot read the file) or
 * ICP_ERR_INVALID_PROGRAM (message names the byte offset). */
ICP_API icp_program* icp_program_load(const char* path, icp_error* err);
ICP_API icp_program* icp_program_load_bytes(const void* bytes, size_t size, icp_error* err);
ICP_API void icp_program_free(icp_program* program); /* NULL is a no-op */

/* "sha256:<hex>", the profile's name and version; "" for a NULL program. The strings live
 * as long as the program. */
ICP_API const char* icp_program_id(const icp_program* program);
ICP_API const char* icp_program_profile(const icp_program* program);
ICP_API const char* icp_program_version(const icp_program* program);

/* NULL when `program` is NULL or memory runs out. The program must outlive the evaluator. */
ICP_API icp_evaluator* icp_evaluator_new(const icp_program* program);
ICP_API void icp_evaluator_free(icp_evaluator* evaluator); /* NULL is a no-op */

/* The limits on one record, the same as icpc's (docs/reliability.md): a record of more
 * than ICP_MAX_RECORD_BYTES bytes, or with arrays and objects nested more than
 * ICP_MAX_JSON_DEPTH deep (the record's own object is level 1), is ICP_ERR_INVALID_RECORD. */
#define ICP_MAX_RECORD_BYTES ((size_t)8 << 20)
#define ICP_MAX_JSON_DEPTH 64

/* Decodes one JSON account record (`len` bytes, no need for a NUL) and evaluates it at
 * `as_of` ("YYYY-MM-DD"). `audit` non-zero adds the audit trace to the decision JSON.
 * Any status but ICP_OK leaves no decision (not even the previous record's);
 * ICP_ERR_INVALID_RECORD's message names the record and field. */
ICP_API icp_status icp_evaluate_json(icp_evaluator* evaluator, const char* json, size_t len,
                                     const char* as_of, int audit, icp_error* err);

/* The last decision. Every pointer stays valid until the next icp_evaluate_json or
 * icp_evaluator_free; without a decision (none yet, or the last record was rejected) the
 * strings are NULL and the numbers 0. */
ICP_API const char* icp_decision_json(icp_evaluator* evaluator); /* one JSON object, no newline */
ICP_API const char* icp_decision_id(const icp_evaluator* evaluator);
ICP_API const char* icp_decision_verdict(const icp_evaluator* evaluator); /* excluded, tier, no_fit */
ICP_API int icp_decision_tier(const icp_evaluator* evaluator);            /* 0 unless verdict is tier */
ICP_API const char* icp_decision_route_action(const icp_evaluator* evaluator); /* disqualify, ignore, queue */
ICP_API const char* icp_decision_queue(const icp_evaluator* evaluator);        /* "" unless action is queue */
ICP_API int icp_decision_route_rule(const icp_evaluator* evaluator);           /* 1-based, as in the JSON */

/* The version of the library linked, "MAJOR.MINOR.PATCH". It may differ from the headers'
 * ICP_VERSION_STRING when a program runs with another libicp.so than it was built with. */
ICP_API const char* icp_version(void);

/* A short English name of a status code, e.g. "invalid record". */
ICP_API const char* icp_status_name(int code);

/* The reference data every record is validated with (a `naics` field against NAICS, a
 * `country` field against ISO 3166-1 alpha-2), as one line for logs and health checks:
 * "NAICS 2022 (U.S. Census Bureau), ISO 3166-1 alpha-2 (Debian iso-codes 4.15.0-1)". The same
 * lists as `icpc eval` of the same build. A static string; never NULL. */
ICP_API const char* icp_reference_data_version(void);

#ifdef __cplusplus
}
#endif

#endif /* ICP_H */
