/* A decision as SQL values (decision_row.h): the columns of icp.decision filled from the
 * bridge's fields, and a rejection written as JSON. Input: IcpDecisionFields or an
 * IcpBridgeError. Output: a composite datum; JSON text. */
#include "decision_row.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"

#include "programs.h"
#include "report.h"

/* KEEP IN SYNC: the columns of the type icp.decision in icp--0.1.0.sql, in order. */
enum DecisionColumn {
  COLUMN_ACCOUNT_ID,
  COLUMN_PROGRAM,
  COLUMN_AS_OF,
  COLUMN_VERDICT,
  COLUMN_TIER,
  COLUMN_TIER_LABEL,
  COLUMN_EXCLUDED_BY,
  COLUMN_SCORE,
  COLUMN_COMMITTEE_COVERAGE,
  COLUMN_COMMITTEE_ROLES,
  COLUMN_ROUTE_RULE,
  COLUMN_ROUTE_ACTION,
  COLUMN_QUEUE,
  COLUMN_SLA,
  COLUMN_CADENCE,
  COLUMN_REJECTED,
  DECISION_COLUMNS
};

/* icp.decision's descriptor, blessed once per call site. */
static TupleDesc decision_desc(FunctionCallInfo fcinfo) {
  CallSite* site = icp_pg_call_site(fcinfo);
  TupleDesc desc;
  MemoryContext previous;
  if (site->result_desc != NULL) return site->result_desc;
  if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE) {
    elog(ERROR, "the function must return the composite type icp.decision");
  }
  if (desc->natts != DECISION_COLUMNS) {
    ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                    errmsg("icp.decision has %d columns, and this build of the icp library expects %d", desc->natts,
                           DECISION_COLUMNS),
                    errhint("ALTER EXTENSION icp UPDATE brings the SQL objects to the library's version.")));
  }
  previous = MemoryContextSwitchTo(site->context);
  site->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
  MemoryContextSwitchTo(previous);
  return site->result_desc;
}

static void set_text(Datum* values, bool* nulls, enum DecisionColumn column, IcpText text) {
  nulls[column] = text.data == NULL;
  if (text.data != NULL) values[column] = PointerGetDatum(cstring_to_text_with_len(text.data, (int)text.size));
}

static Datum score_numeric(IcpText score) {
  /* The exact decimal's shortest text, "36" or "34.4102": numeric keeps it as written. */
  return DirectFunctionCall3(numeric_in, CStringGetDatum(icp_pg_cstring(score)), ObjectIdGetDatum(InvalidOid),
                             Int32GetDatum(-1));
}

static Datum roles_array(const IcpDecisionFields* fields) {
  Datum* roles = (Datum*)palloc(sizeof(Datum) * (fields->role_count > 0 ? fields->role_count : 1));
  size_t i;
  for (i = 0; i < fields->role_count; ++i) {
    roles[i] = PointerGetDatum(cstring_to_text_with_len(fields->roles[i].data, (int)fields->roles[i].size));
  }
  return PointerGetDatum(construct_array(roles, (int)fields->role_count, TEXTOID, -1, false, TYPALIGN_INT));
}

static void fill_decision(Datum* values, bool* nulls, const IcpDecisionFields* fields) {
  set_text(values, nulls, COLUMN_ACCOUNT_ID, fields->account_id);
  set_text(values, nulls, COLUMN_VERDICT, fields->verdict);
  nulls[COLUMN_TIER] = !fields->has_tier;
  values[COLUMN_TIER] = Int32GetDatum(fields->tier);
  set_text(values, nulls, COLUMN_TIER_LABEL, fields->tier_label);
  set_text(values, nulls, COLUMN_EXCLUDED_BY, fields->excluded_by);
  nulls[COLUMN_SCORE] = fields->score.data == NULL;
  if (fields->score.data != NULL) values[COLUMN_SCORE] = score_numeric(fields->score);
  /* As the JSON's "committee": coverage null when the profile declares no roles, and the
   * roles filled always an array, empty then. */
  nulls[COLUMN_COMMITTEE_COVERAGE] = !fields->has_coverage;
  values[COLUMN_COMMITTEE_COVERAGE] = Int32GetDatum((int32)fields->coverage);
  nulls[COLUMN_COMMITTEE_ROLES] = false;
  values[COLUMN_COMMITTEE_ROLES] = roles_array(fields);
  nulls[COLUMN_ROUTE_RULE] = false;
  values[COLUMN_ROUTE_RULE] = Int32GetDatum((int32)fields->route_rule);
  set_text(values, nulls, COLUMN_ROUTE_ACTION, fields->route_action);
  set_text(values, nulls, COLUMN_QUEUE, fields->queue);
  set_text(values, nulls, COLUMN_SLA, fields->sla);
  set_text(values, nulls, COLUMN_CADENCE, fields->cadence);
}

Datum icp_pg_decision_row(FunctionCallInfo fcinfo, IcpText program_id, DateADT as_of, const IcpDecisionFields* fields,
                          const IcpBridgeError* rejection) {
  TupleDesc desc = decision_desc(fcinfo);
  Datum values[DECISION_COLUMNS];
  bool nulls[DECISION_COLUMNS];
  int column;
  for (column = 0; column < DECISION_COLUMNS; ++column) {
    values[column] = (Datum)0;
    nulls[column] = true;
  }
  set_text(values, nulls, COLUMN_PROGRAM, program_id);
  nulls[COLUMN_AS_OF] = false;
  values[COLUMN_AS_OF] = DateADTGetDatum(as_of);
  if (fields != NULL) fill_decision(values, nulls, fields);
  if (rejection != NULL) {
    StringInfoData json;
    initStringInfo(&json);
    icp_pg_append_rejection(&json, rejection);
    set_text(values, nulls, COLUMN_ACCOUNT_ID, rejection->record_id);
    nulls[COLUMN_REJECTED] = false;
    values[COLUMN_REJECTED] = DirectFunctionCall1(jsonb_in, CStringGetDatum(json.data));
  }
  return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

static void append_member(StringInfo out, const char* key, IcpText value, bool first) {
  if (!first) appendStringInfoChar(out, ',');
  escape_json(out, key);
  appendStringInfoChar(out, ':');
  if (value.data == NULL) {
    appendStringInfoString(out, "null");
  } else {
    escape_json(out, icp_pg_cstring(value));
  }
}

void icp_pg_append_rejection(StringInfo out, const IcpBridgeError* rejection) {
  appendStringInfoChar(out, '{');
  append_member(out, "record", rejection->record_id, true);
  append_member(out, "field", rejection->field, false);
  append_member(out, "expected", rejection->expected, false);
  append_member(out, "found", rejection->found, false);
  append_member(out, "message", rejection->message, false);
  appendStringInfoChar(out, '}');
}
