// The audit log's filters and page position, kept in the URL (?actor=&room=&action=&from=).
export interface AuditFilters {
  actor: string;
  room: string;
  action: string;
  from: number | undefined;
}

type Query = Record<string, string | string[] | undefined>;

function get(query: Query, key: string): string {
  const value = query[key];
  const text = ((Array.isArray(value) ? value[0] : value) ?? "").trim().slice(0, 255);
  // Control characters (a NUL cannot even reach PostgreSQL) make a value no filter at all.
  return /[\u0000-\u001f\u007f]/.test(text) ? "" : text;
}

export function parseAuditFilters(query: Query): AuditFilters {
  const from = get(query, "from");
  return { actor: get(query, "actor"), room: get(query, "room"), action: get(query, "action"), from: /^\d{1,15}$/.test(from) ? Number(from) : undefined };
}

export function auditSearch(filters: Partial<AuditFilters>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== "") search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** Actions the audit log knows, for the filter's choices (free text works too). */
export const AUDIT_ACTIONS = ["retention_policy_change", "retention_purge", "cancel_task", "purge_history", "purge_room", "room.delete", "room.delete.request", "set_console_role"];
