/* A decision as SQL values: the icp.decision row, and a rejection as a JSON object. Input:
 * the bridge's decision fields or rejection. Output: datums in the current memory context. */
#ifndef ICP_PG_DECISION_ROW_H
#define ICP_PG_DECISION_ROW_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/date.h"

#include "bridge.h"

/* The icp.decision row of a decision (`fields`), or of a rejected record (`rejection`: the
 * account id when readable, the program, as_of and `rejected`; every other column null). */
Datum icp_pg_decision_row(FunctionCallInfo fcinfo, IcpText program_id, DateADT as_of, const IcpDecisionFields* fields,
                          const IcpBridgeError* rejection);

/* {"record":...,"field":...,"expected":...,"found":...,"message":...}: the record id (null when
 * unreadable) and the parts of icpc's message, as `icpc serve` writes a rejection. */
void icp_pg_append_rejection(StringInfo out, const IcpBridgeError* rejection);

#endif /* ICP_PG_DECISION_ROW_H */
