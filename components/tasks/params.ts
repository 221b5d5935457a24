// The tasks list's filters, kept in the URL (?action=&status=&room=&since=&until=). Times are UTC
// "YYYY-MM-DDTHH:mm" as a datetime-local input gives them.
export const TASK_ACTIONS = ["purge_history", "purge_room", "shutdown_and_purge_room", "retention_purge", "part_deactivated_user"] as const;
export const TASK_STATUS_FILTERS = ["scheduled", "active", "complete", "failed", "cancelled"] as const;
export type TaskStatusFilter = (typeof TASK_STATUS_FILTERS)[number];

export interface TaskFilters {
  action: string;
  status: TaskStatusFilter | "";
  room: string;
  since: string;
  until: string;
}

type Query = URLSearchParams | Record<string, string | string[] | undefined>;

function get(query: Query, key: string): string {
  const value = query instanceof URLSearchParams ? query.get(key) : query[key];
  const first = Array.isArray(value) ? value[0] : value;
  // Control characters (a NUL cannot even reach PostgreSQL) make a value no filter at all.
  const text = (first ?? "").trim().slice(0, 255);
  return /[\u0000-\u001f\u007f]/.test(text) ? "" : text;
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export function parseTaskFilters(query: Query): TaskFilters {
  const status = get(query, "status");
  const since = get(query, "since");
  const until = get(query, "until");
  return {
    action: /^[a-z0-9_.-]*$/i.test(get(query, "action")) ? get(query, "action") : "",
    status: (TASK_STATUS_FILTERS as readonly string[]).includes(status) ? (status as TaskStatusFilter) : "",
    room: get(query, "room"),
    since: TIME.test(since) ? since : "",
    until: TIME.test(until) ? until : "",
  };
}

/** A filter time as ms (UTC); until covers its whole minute. */
export function filterTime(value: string, end = false): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(`${value}:00Z`);
  return Number.isNaN(ms) ? undefined : ms + (end ? 59_999 : 0);
}

export function taskFilterSearch(filters: TaskFilters): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** Where a page of the (newest first) list starts: strictly older than this task. */
export interface TaskCursor {
  timestamp: number;
  id: string;
}

const CURSOR = /^(\d{1,16})\.([A-Za-z0-9_-]{1,64})$/;

/** `?before=<timestamp>.<task id>`; anything else is the first page. */
export function parseTaskCursor(query: Query): TaskCursor | null {
  const match = CURSOR.exec(get(query, "before"));
  const timestamp = Number(match?.[1]);
  return match?.[2] && Number.isSafeInteger(timestamp) ? { timestamp, id: match[2] } : null;
}

export const taskCursorParam = (cursor: TaskCursor) => `${cursor.timestamp}.${cursor.id}`;
