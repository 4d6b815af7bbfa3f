/* Which program a call decides with. Input: the `program` argument (an id "sha256:..." or a
 * profile name), resolved through icp.resolve() in the statement's snapshot. Output: a
 * reference to the program, loaded once per backend and cached by id (bridge.h), kept with
 * the call site (fn_extra) for the rest of the statement. */
#ifndef ICP_PG_PROGRAMS_H
#define ICP_PG_PROGRAMS_H

#include "postgres.h"

#include "access/tupdesc.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/memutils.h"

#include "bridge.h"

/* When a resolution was made: it holds while the statement sees the same data (the same
 * transaction, command and snapshot), so a name is looked up once per statement, not per row,
 * and a program installed by another session is seen from the caller's next statement on. */
typedef struct ResolutionStamp {
  bool valid;
  LocalTransactionId lxid;
  CommandId cid;
  uint64 completions; /* the snapshot's snapXactCompletionCount */
  TransactionId xmin, xmax;
} ResolutionStamp;

/* What one call site (one function call in one plan) keeps between rows, in fn_mcxt. */
typedef struct CallSite {
  MemoryContext context; /* fn_mcxt: lives as long as the call site */
  char* name;            /* the `program` argument last resolved */
  int name_size;
  IcpCachedProgram* program; /* what it resolved to; released with fn_mcxt */
  ResolutionStamp stamp;
  StringInfoData record;  /* the account's JSON text, its buffer reused from row to row */
  TupleDesc result_desc;  /* icp.decision, blessed, for the functions that return it */
  MemoryContextCallback release;
} CallSite;

/* The call site's state, made on its first call. */
CallSite* icp_pg_call_site(FunctionCallInfo fcinfo);

/* The program `name` names, for this row. Raises 42704 when nothing is installed under that
 * id or active under that profile name, 22I02 when the installed artifact cannot be loaded. */
IcpCachedProgram* icp_pg_program(CallSite* site, const text* name);

#endif /* ICP_PG_PROGRAMS_H */
