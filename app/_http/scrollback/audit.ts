import { AUDIT_MAX_LIMIT, listAudit, type AuditEntry } from "@/server/audit";
import { withAdmin } from "../auth";
import { json } from "../respond";
import { route, type Route } from "../router";
import { queryNonNegative } from "../synapse/params";
import { queryLimit } from "./tasks";

function auditJson(entry: AuditEntry) {
  return {
    id: String(entry.id),
    ts: entry.ts,
    actor: entry.actor,
    action: entry.action,
    room_id: entry.roomId,
    target: entry.target,
    params: entry.params,
    status: entry.status,
    result: entry.result,
    task_id: entry.taskId,
    finished_ts: entry.finishedTs,
  };
}

// GET /_scrollback/v1/audit: who did what (admins). Newest first; next_from pages back.
export const auditRoutes: Route[] = [
  route("GET", "/_scrollback/v1/audit", withAdmin(async (c, requester) => {
    const page = await listAudit(c.app.ctx(requester.userId), {
      actor: c.query.get("actor") ?? undefined,
      roomId: c.query.get("room_id") ?? undefined,
      action: c.query.get("action") ?? undefined,
      from: c.query.has("from") ? queryNonNegative(c.query, "from", 0) : undefined,
      limit: queryLimit(c, 100, AUDIT_MAX_LIMIT),
    });
    return json({ entries: page.entries.map(auditJson), ...(page.next !== null ? { next_from: String(page.next) } : {}) });
  })),
];
