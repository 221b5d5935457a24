import type { Sql } from "../../db/client";

/** Every row of every table that belongs to rooms or events, as sorted JSON lines per table. */
export type DbState = Record<string, string[]>;

export const STATE_TABLES = [
  "rooms",
  "events",
  "event_edges",
  "event_forward_extremities",
  "event_backward_extremities",
  "event_relations",
  "redactions",
  "event_labels",
  "event_txn_ids",
  "room_state_history",
  "current_state",
  "room_memberships",
  "room_retention",
  "room_aliases",
  "account_data",
  "blocked_rooms",
] as const;

export type Row = Record<string, unknown>;

export async function readTables(sql: Sql): Promise<Record<string, Row[]>> {
  const out: Record<string, Row[]> = {};
  for (const table of STATE_TABLES) out[table] = [...(await sql`select * from ${sql(table)}`)];
  return out;
}

export function toState(tables: Record<string, Row[]>): DbState {
  const out: DbState = {};
  for (const [table, rows] of Object.entries(tables)) out[table] = rows.map((r) => stableJson(r)).sort();
  return out;
}

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Row).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * Rows that point at nothing: for every table with an event_id column, rows whose event is gone
 * (backward extremities excepted: they name missing events by definition); for every table with a
 * room_id column, rows whose room is gone (the block and the audit trail outlive a room on purpose);
 * events redacted by a purged redaction must have been pruned (the tombstone keeps them redacted).
 */
export async function danglingRows(sql: Sql, keptRoomTables: Set<string>): Promise<string[]> {
  const problems: string[] = [];
  const columns = await sql<{ table_name: string; column_name: string }[]>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.column_name in ('event_id', 'room_id')`;
  for (const { table_name: table, column_name: column } of columns) {
    if (column === "event_id" && (table === "events" || table === "event_backward_extremities")) continue;
    if (column === "room_id" && (table === "rooms" || keptRoomTables.has(table))) continue;
    const parent = column === "event_id" ? "events" : "rooms";
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from ${sql(table)} x
      where x.${sql(column)} is not null and x.${sql(column)} <> '' and not exists (select 1 from ${sql(parent)} p where p.${sql(column)} = x.${sql(column)})`;
    if ((row?.n ?? 0) > 0) problems.push(`${table}.${column}: ${row?.n} dangling`);
  }
  return problems;
}
