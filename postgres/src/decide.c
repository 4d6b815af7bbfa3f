/* The SQL functions that decide (icp--0.1.0.sql): icp.decide, icp.decide_json,
 * icp.try_decide, icp.evaluate and icp.try_evaluate. Input: a program name or id, an account
 * as jsonb, an as_of date. Output: the decision as jsonb, as the exact text of `icpc eval`'s
 * line (json), or as an icp.decision row; a rejected record raises 22I01, or, in the try_
 * variants, comes back as data. */
#include "postgres.h"

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/json.h"
#include "utils/jsonb.h"

#include "decision_row.h"
#include "programs.h"
#include "report.h"

PG_MODULE_MAGIC;

/* PostgreSQL counts dates from 2000-01-01, icp from 1970-01-01. */
#define DAYS_FROM_1970_TO_2000 10957

typedef struct Decided {
  IcpBridgeStatus status; /* ICP_BRIDGE_OK or ICP_BRIDGE_REJECTED; anything else has raised */
  IcpText program_id;
  IcpDecisionFields fields;
  IcpBridgeError error;
} Decided;

static int32 as_of_days(DateADT as_of) {
  int64 days = (int64)as_of + DAYS_FROM_1970_TO_2000;
  if (DATE_NOT_FINITE(as_of) || days < icp_bridge_first_day() || days > icp_bridge_last_day()) {
    ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                    errmsg("as_of %s is outside the dates icp decides with, 0001-01-01 to 9999-12-31",
                           DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(as_of))))));
  }
  return (int32)days;
}

/* Decides the row's account (arguments 0 to 2, and the audit flag at `audit_arg` if >= 0).
 * The record icp reads is the jsonb's own text, account::text, so a decision is the one
 * `icpc eval` gives for that line. */
static Decided decide_row(FunctionCallInfo fcinfo, bool want_json, int audit_arg) {
  CallSite* site = icp_pg_call_site(fcinfo);
  IcpCachedProgram* program = icp_pg_program(site, PG_GETARG_TEXT_PP(0));
  Jsonb* account = PG_GETARG_JSONB_P(1);
  const int32 days = as_of_days(PG_GETARG_DATEADT(2));
  const bool audit = audit_arg >= 0 && PG_GETARG_BOOL(audit_arg);
  Decided decided;
  resetStringInfo(&site->record);
  JsonbToCString(&site->record, &account->root, VARSIZE(account));
  decided.program_id = icp_bridge_program_id(program);
  decided.status = icp_bridge_decide(program, site->record.data, site->record.len, days, want_json, audit,
                                     &decided.fields, &decided.error);
  if (decided.status != ICP_BRIDGE_OK && decided.status != ICP_BRIDGE_REJECTED) {
    icp_pg_raise(decided.status, &decided.error, NULL);
  }
  return decided;
}

/* The decision line parsed into jsonb: the same object, in jsonb's key order. */
static Datum line_as_jsonb(const Decided* decided) {
  /* The line is followed by a NUL (icp::Decision::json()). */
  return DirectFunctionCall1(jsonb_in, CStringGetDatum(decided->fields.json.data));
}

PG_FUNCTION_INFO_V1(icp_sql_decide);
Datum icp_sql_decide(PG_FUNCTION_ARGS) {
  const Decided decided = decide_row(fcinfo, true, 3);
  if (decided.status == ICP_BRIDGE_REJECTED) icp_pg_raise(decided.status, &decided.error, NULL);
  return line_as_jsonb(&decided);
}

PG_FUNCTION_INFO_V1(icp_sql_decide_json);
Datum icp_sql_decide_json(PG_FUNCTION_ARGS) {
  const Decided decided = decide_row(fcinfo, true, 3);
  if (decided.status == ICP_BRIDGE_REJECTED) icp_pg_raise(decided.status, &decided.error, NULL);
  /* json keeps its text as given: these are the bytes of `icpc eval`'s line. */
  PG_RETURN_TEXT_P(cstring_to_text_with_len(decided.fields.json.data, (int)decided.fields.json.size));
}

PG_FUNCTION_INFO_V1(icp_sql_try_decide);
Datum icp_sql_try_decide(PG_FUNCTION_ARGS) {
  const Decided decided = decide_row(fcinfo, true, 3);
  if (decided.status == ICP_BRIDGE_REJECTED) {
    StringInfoData json;
    initStringInfo(&json);
    appendStringInfoString(&json, "{\"rejected\":");
    icp_pg_append_rejection(&json, &decided.error);
    appendStringInfoChar(&json, '}');
    return DirectFunctionCall1(jsonb_in, CStringGetDatum(json.data));
  }
  return line_as_jsonb(&decided);
}

PG_FUNCTION_INFO_V1(icp_sql_evaluate);
Datum icp_sql_evaluate(PG_FUNCTION_ARGS) {
  const Decided decided = decide_row(fcinfo, false, -1);
  if (decided.status == ICP_BRIDGE_REJECTED) icp_pg_raise(decided.status, &decided.error, NULL);
  return icp_pg_decision_row(fcinfo, decided.program_id, PG_GETARG_DATEADT(2), &decided.fields, NULL);
}

PG_FUNCTION_INFO_V1(icp_sql_try_evaluate);
Datum icp_sql_try_evaluate(PG_FUNCTION_ARGS) {
  const Decided decided = decide_row(fcinfo, false, -1);
  return icp_pg_decision_row(fcinfo, decided.program_id, PG_GETARG_DATEADT(2), decided.status == ICP_BRIDGE_OK ? &decided.fields : NULL,
                             decided.status == ICP_BRIDGE_REJECTED ? &decided.error : NULL);
}
