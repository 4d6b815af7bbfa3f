/* Which program a call decides with (programs.h): the `program` argument resolved by
 * icp.resolve() through SPI once per statement, the artifact read from icp.programs only when
 * this backend has not loaded that id yet. Input: the argument, the statement's snapshot.
 * Output: a reference to a cached program, held by the call site until fn_mcxt goes. */
#include "programs.h"

#include <string.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/snapmgr.h"

#include "report.h"

/* Runs when the call site's memory goes (end of statement, or an error): the reference it
 * holds is the bridge's, not palloc'd, so it is released here. */
static void release_program(void* arg) {
  CallSite* site = (CallSite*)arg;
  icp_bridge_release(site->program);
  site->program = NULL;
}

CallSite* icp_pg_call_site(FunctionCallInfo fcinfo) {
  FmgrInfo* flinfo = fcinfo->flinfo;
  CallSite* site = (CallSite*)flinfo->fn_extra;
  MemoryContext previous;
  if (site != NULL) return site;
  previous = MemoryContextSwitchTo(flinfo->fn_mcxt);
  site = (CallSite*)palloc0(sizeof(CallSite));
  site->context = flinfo->fn_mcxt;
  initStringInfo(&site->record);
  site->release.func = release_program;
  site->release.arg = site;
  MemoryContextRegisterResetCallback(flinfo->fn_mcxt, &site->release);
  MemoryContextSwitchTo(previous);
  flinfo->fn_extra = site;
  return site;
}

/* What the statement sees now. No active snapshot (never the case inside a query) gives an
 * invalid stamp, and the name is then resolved on every call. */
static ResolutionStamp current_stamp(void) {
  ResolutionStamp stamp;
  Snapshot snapshot;
  memset(&stamp, 0, sizeof stamp);
  if (!ActiveSnapshotSet()) return stamp;
  snapshot = GetActiveSnapshot();
  stamp.valid = true;
  stamp.lxid = MyProc->lxid;
  stamp.cid = snapshot->curcid;
  /* Bumped whenever any transaction ends: a READ COMMITTED snapshot with the same count
   * sees exactly the same rows. A parallel worker's restored snapshot has 0, and keeps it. */
  stamp.completions = snapshot->snapXactCompletionCount;
  stamp.xmin = snapshot->xmin;
  stamp.xmax = snapshot->xmax;
  return stamp;
}

static bool same_stamp(const ResolutionStamp* a, const ResolutionStamp* b) {
  return a->valid && b->valid && a->lxid == b->lxid && a->cid == b->cid && a->completions == b->completions &&
         a->xmin == b->xmin && a->xmax == b->xmax;
}

/* The id icp.resolve() gives for `name`, in SPI's memory; raises 42704 when there is none. */
static char* installed_id(const text* name) {
  Oid types[1] = {TEXTOID};
  Datum values[1];
  char* id;
  values[0] = PointerGetDatum(name);
  if (SPI_execute_with_args("SELECT icp.resolve($1)", 1, types, values, NULL, true, 1) != SPI_OK_SELECT ||
      SPI_processed != 1) {
    elog(ERROR, "icp.resolve() did not return one row");
  }
  id = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
  if (id == NULL) {
    char* wanted = text_to_cstring(name);
    if (strncmp(wanted, "sha256:", 7) == 0) {
      ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT), errmsg("no program with id `%s` is installed", wanted),
                      errhint("icp.install(bytea) installs a built program; icp.programs lists them.")));
    }
    ereport(ERROR, (errcode(ERRCODE_UNDEFINED_OBJECT), errmsg("no program is active for the profile `%s`", wanted),
                    errhint("icp.install(bytea) installs a built program; icp.programs lists them.")));
  }
  return id;
}

/* Reads the artifact of an installed program and loads it into this backend's cache. */
static IcpCachedProgram* load_installed(const char* id) {
  Oid types[1] = {TEXTOID};
  Datum values[1];
  bool null = false;
  bytea* artifact;
  IcpCachedProgram* program = NULL;
  IcpBridgeError error;
  IcpBridgeStatus status;
  values[0] = CStringGetTextDatum(id);
  if (SPI_execute_with_args("SELECT artifact FROM icp.programs WHERE id OPERATOR(pg_catalog.=) $1", 1, types, values,
                            NULL, true, 1) != SPI_OK_SELECT ||
      SPI_processed != 1) {
    elog(ERROR, "the artifact of `%s` is not in icp.programs", id);
  }
  artifact = DatumGetByteaPP(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &null));
  if (null) elog(ERROR, "the artifact of `%s` is null", id);
  status = icp_bridge_load(id, strlen(id), VARDATA_ANY(artifact), VARSIZE_ANY_EXHDR(artifact), &program, &error);
  if (status != ICP_BRIDGE_OK) icp_pg_raise(status, &error, psprintf("installed program `%s`", id));
  return program;
}

static void resolve(CallSite* site, const text* name) {
  const int size = VARSIZE_ANY_EXHDR(name);
  char* id;
  /* Let go of the previous program first: if anything below raises, no reference is lost. */
  icp_bridge_release(site->program);
  site->program = NULL;
  site->name_size = -1;
  if (SPI_connect() != SPI_OK_CONNECT) elog(ERROR, "SPI_connect failed");
  id = installed_id(name);
  site->program = icp_bridge_cached(id, strlen(id));
  if (site->program == NULL) site->program = load_installed(id);
  SPI_finish();
  if (site->name != NULL) pfree(site->name);
  site->name = MemoryContextAlloc(site->context, size > 0 ? size : 1);
  memcpy(site->name, VARDATA_ANY(name), size);
  site->name_size = size;
}

IcpCachedProgram* icp_pg_program(CallSite* site, const text* name) {
  const ResolutionStamp now = current_stamp();
  const int size = VARSIZE_ANY_EXHDR(name);
  if (site->program != NULL && same_stamp(&site->stamp, &now) && size == site->name_size &&
      memcmp(site->name, VARDATA_ANY(name), size) == 0) {
    return site->program;
  }
  resolve(site, name);
  site->stamp = now;
  return site->program;
}
