/* The extension's errors (report.h): a bridge status and its message, raised with the
 * SQLSTATE docs/postgres.md lists for it. Input: IcpBridgeStatus, IcpBridgeError. Output: an
 * ereport(ERROR). */
#include "report.h"

#include "utils/elog.h"

char* icp_pg_cstring(IcpText text) { return text.data == NULL ? pstrdup("") : pnstrdup(text.data, text.size); }

void icp_pg_raise(IcpBridgeStatus status, const IcpBridgeError* error, const char* what) {
  switch (status) {
    case ICP_BRIDGE_REJECTED:
      ereport(ERROR, (errcode(ICP_ERRCODE_RECORD_REJECTED), errmsg("%s", icp_pg_cstring(error->message)),
                      errhint("icp.try_decide() and icp.try_evaluate() return a rejected record as data "
                              "instead of raising.")));
      break;
    case ICP_BRIDGE_INVALID_PROGRAM:
      if (what != NULL) {
        ereport(ERROR, (errcode(ICP_ERRCODE_INVALID_PROGRAM),
                        errmsg("%s cannot be loaded: %s", what, icp_pg_cstring(error->message))));
      }
      ereport(ERROR, (errcode(ICP_ERRCODE_INVALID_PROGRAM), errmsg("%s", icp_pg_cstring(error->message)),
                      errhint("`icpc build profile.icp -o profile.icpb` writes a program.")));
      break;
    case ICP_BRIDGE_BAD_DATE:
      ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("%s", icp_pg_cstring(error->message))));
      break;
    case ICP_BRIDGE_OUT_OF_MEMORY:
      ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory in the icp library")));
      break;
    case ICP_BRIDGE_OK:
    case ICP_BRIDGE_INTERNAL:
      break;
  }
  ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                  errmsg("%s", error->message.data != NULL ? icp_pg_cstring(error->message)
                                                           : "internal error in the icp library")));
  pg_unreachable();
}
