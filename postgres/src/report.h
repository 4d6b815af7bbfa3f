/* How the extension's failures become PostgreSQL errors: one SQLSTATE per kind, as
 * docs/postgres.md "Errors" lists them. Input: a bridge status and error. Output: an ereport
 * (which does not return). */
#ifndef ICP_PG_REPORT_H
#define ICP_PG_REPORT_H

#include "postgres.h"

#include "bridge.h"

/* KEEP IN SYNC: docs/postgres.md "Errors". Class 22 (data exception), in the subclasses the
 * SQL standard leaves to implementations (those starting with I to Z), so `WHEN
 * data_exception` catches both and `WHEN SQLSTATE '22I01'` exactly one. */
#define ICP_ERRCODE_RECORD_REJECTED MAKE_SQLSTATE('2', '2', 'I', '0', '1')
#define ICP_ERRCODE_INVALID_PROGRAM MAKE_SQLSTATE('2', '2', 'I', '0', '2')

/* A copy of the bridge's text, NUL-terminated, in the current memory context. */
char* icp_pg_cstring(IcpText text);

/* Raises the error a failed bridge call stands for. `what` names the program for
 * ICP_BRIDGE_INVALID_PROGRAM ("installed program `sha256:...`"), or is NULL. */
pg_attribute_noreturn() void icp_pg_raise(IcpBridgeStatus status, const IcpBridgeError* error, const char* what);

#endif /* ICP_PG_REPORT_H */
