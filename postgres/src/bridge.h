/* The wall between PostgreSQL and the icp library. Input: artifact bytes, a record's JSON
 * text and a day number, from the extension's C code. Output: plain C structs (status,
 * texts, numbers) that it turns into datums and ereports.
 *
 * WHY A WALL: PostgreSQL reports errors with ereport, a longjmp that would skip C++
 * destructors, and the library may throw (std::bad_alloc). So the C++ side (bridge.cpp)
 * includes no PostgreSQL header and never calls back into the server: every function here is
 * noexcept, catches everything and returns a status. The C side (programs.c, decide.c)
 * holds no C++ object: it may ereport anywhere. Nothing unwinds or jumps across this file. */
#ifndef ICP_PG_BRIDGE_H
#define ICP_PG_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum IcpBridgeStatus {
  ICP_BRIDGE_OK = 0,
  ICP_BRIDGE_INVALID_PROGRAM, /* not a valid .icpb, or not the program its row names */
  ICP_BRIDGE_REJECTED,        /* the record does not fit the program's schema, or is not JSON */
  ICP_BRIDGE_BAD_DATE,        /* as_of outside 0001-01-01 .. 9999-12-31 */
  ICP_BRIDGE_OUT_OF_MEMORY,
  ICP_BRIDGE_INTERNAL         /* any other exception: a bug */
} IcpBridgeStatus;

/* A view of bytes the bridge owns; `data` is NULL for an absent value (SQL NULL). Valid until
 * the next bridge call that returns texts. */
typedef struct IcpText {
  const char* data;
  size_t size;
} IcpText;

/* Why a call failed. For ICP_BRIDGE_REJECTED the record's parts (record_id empty when the id
 * could not be read; field empty for malformed JSON) and `message`, the sentence `icpc eval`
 * prints after its "file:line: " prefix: "record `acc-1` rejected: `employees`: expected an
 * integer, found \"many\"". For the other statuses `message` alone. */
typedef struct IcpBridgeError {
  IcpText message, record_id, field, expected, found;
} IcpBridgeError;

typedef struct IcpProgramInfo {
  IcpText id, profile, version, owner;
} IcpProgramInfo;

/* One decision, read from the library's icp::Decision. Absent values have data == NULL. */
typedef struct IcpDecisionFields {
  IcpText json; /* the line `icpc eval` writes (no newline); only when asked for */
  IcpText account_id, program_id;
  IcpText verdict; /* excluded, tier, no_fit */
  int has_tier;
  int32_t tier;
  IcpText tier_label, excluded_by;
  IcpText score; /* the exact decimal as the JSON writes it; absent when unknown */
  int has_coverage;
  int64_t coverage;
  size_t role_count;
  const IcpText* roles; /* role_count entries, in declaration order */
  uint32_t route_rule;
  IcpText route_action, queue, sla, cadence; /* queue absent unless the action is queue */
} IcpDecisionFields;

/* A reference to a program this backend has loaded. The cache keeps the most recently used
 * ones; a reference keeps its program alive even after the cache drops it. */
typedef struct IcpCachedProgram IcpCachedProgram;

/* Verifies artifact bytes and reads their identity, without caching anything. */
IcpBridgeStatus icp_bridge_inspect(const void* bytes, size_t size, IcpProgramInfo* info, IcpBridgeError* error);

/* A new reference to the program with this id if this backend has it loaded, else NULL. */
IcpCachedProgram* icp_bridge_cached(const char* id, size_t id_size);

/* Loads (verifies, prepares) an installed artifact, checks that its id is `expected_id`, and
 * caches it; *program receives a new reference. */
IcpBridgeStatus icp_bridge_load(const char* expected_id, size_t id_size, const void* bytes, size_t size,
                                IcpCachedProgram** program, IcpBridgeError* error);

/* Drops a reference; NULL is a no-op. */
void icp_bridge_release(IcpCachedProgram* program);

/* The program's id, "sha256:<hex>", valid as long as the reference. */
IcpText icp_bridge_program_id(const IcpCachedProgram* program);

/* Decides one JSON account record (`size` bytes) as of `as_of_days` (days since 1970-01-01).
 * `want_json` asks for the decision line too; `audit` adds the audit trace to it. The fields
 * stay valid until the next decision with the same program. */
IcpBridgeStatus icp_bridge_decide(IcpCachedProgram* program, const char* json, size_t size, int32_t as_of_days,
                                  int want_json, int audit, IcpDecisionFields* fields, IcpBridgeError* error);

/* The ids of the programs this backend holds in its cache, least recently used first: `index`
 * < icp_bridge_cache_size(). For icp.cached_programs(), which shows what a backend has loaded. */
size_t icp_bridge_cache_size(void);
IcpText icp_bridge_cache_id(size_t index);

/* Days since 1970-01-01 of 0001-01-01 and 9999-12-31: the dates an as_of may take (the
 * decision writes it as YYYY-MM-DD). */
int32_t icp_bridge_first_day(void);
int32_t icp_bridge_last_day(void);

#ifdef __cplusplus
}
#endif

#endif /* ICP_PG_BRIDGE_H */
