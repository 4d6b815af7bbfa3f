/* What a program is, and which ones this backend holds. icp.inspect(bytea): an artifact
 * checked by the library's own loader and bytecode verifier, as an icp.program_identity row
 * (id, profile, version, owner), or error 22I02 naming the byte where it is bad; icp.install()
 * and the CHECK of icp.programs rest on it. icp.cached_programs(): the ids in this backend's
 * cache. Input: artifact bytes; the bridge's cache. Output: a row; a text[]. */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "bridge.h"
#include "report.h"

PG_FUNCTION_INFO_V1(icp_sql_inspect);
Datum icp_sql_inspect(PG_FUNCTION_ARGS) {
  bytea* artifact = PG_GETARG_BYTEA_PP(0);
  IcpProgramInfo info;
  IcpBridgeError error;
  TupleDesc desc;
  Datum values[4];
  bool nulls[4] = {false, false, false, false};
  const IcpBridgeStatus status =
      icp_bridge_inspect(VARDATA_ANY(artifact), VARSIZE_ANY_EXHDR(artifact), &info, &error);
  if (status != ICP_BRIDGE_OK) icp_pg_raise(status, &error, NULL);
  if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE || desc->natts != 4) {
    elog(ERROR, "icp.inspect must return icp.program_identity (id, profile, version, owner)");
  }
  values[0] = PointerGetDatum(cstring_to_text_with_len(info.id.data, (int)info.id.size));
  values[1] = PointerGetDatum(cstring_to_text_with_len(info.profile.data, (int)info.profile.size));
  values[2] = PointerGetDatum(cstring_to_text_with_len(info.version.data, (int)info.version.size));
  values[3] = PointerGetDatum(cstring_to_text_with_len(info.owner.data, (int)info.owner.size));
  PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(desc), values, nulls)));
}

PG_FUNCTION_INFO_V1(icp_sql_cached_programs);
Datum icp_sql_cached_programs(PG_FUNCTION_ARGS) {
  const size_t count = icp_bridge_cache_size();
  Datum* ids = (Datum*)palloc(sizeof(Datum) * (count > 0 ? count : 1));
  size_t i;
  for (i = 0; i < count; ++i) {
    const IcpText id = icp_bridge_cache_id(i);
    ids[i] = PointerGetDatum(cstring_to_text_with_len(id.data, (int)id.size));
  }
  PG_RETURN_ARRAYTYPE_P(construct_array(ids, (int)count, TEXTOID, -1, false, TYPALIGN_INT));
}
