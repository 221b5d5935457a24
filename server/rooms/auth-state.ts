import { sql, type SQL } from "drizzle-orm";
import type { DbHandle } from "../db/client";
import type { AuthState } from "./auth-rules";
import type { Membership } from "./state";

interface Row extends Record<string, unknown> {
  room_id: string;
  type: string;
  state_key: string;
  membership: string | null;
  content: Record<string, unknown> | null;
  sender: string | null;
}

export interface TxnKey {
  userId: string;
  deviceId: string;
  txnId: string;
}

export const txnKeyString = (k: TxnKey) => `${k.userId}\u001f${k.deviceId}\u001f${k.txnId}`;

/** One room's question: the memberships of these users, and the events stored for these client transactions. */
export interface AuthQuery {
  roomId: string;
  userIds: string[];
  txns: TxnKey[];
}

export interface AuthAnswer {
  state: AuthState;
  /** txnKeyString → the event id an earlier request stored. */
  txnEvents: Map<string, string>;
}

/** Runs one statement: the event transaction's pipelined `send`, or a plain database handle. */
export type Runner = <T extends Record<string, unknown>>(query: SQL) => Promise<T[]>;

export const runnerOf =
  (db: DbHandle): Runner =>
  async <T extends Record<string, unknown>>(query: SQL) =>
    Array.from(await db.execute<T>(query)) as T[];

const json = (value: unknown) => JSON.stringify(value);

const emptyState = (roomId: string): AuthState => ({ roomId, creator: null, powerLevels: null, joinRule: null, memberships: new Map(), blocked: false });

/**
 * What the authorization rules need for any number of rooms, in one statement whose text never
 * changes (the questions are jsonb parameters, so it is prepared once per connection): create,
 * power levels and join rules, the memberships of the given users, whether the room is blocked,
 * and the events already stored for the given client transactions. Events are looked up per row
 * (lateral) so the plan stays index probes whatever the statistics (see batch-sql.ts).
 */
export async function loadAuthStates(run: Runner, queries: AuthQuery[]): Promise<Map<string, AuthAnswer>> {
  const members = queries.flatMap((q) => [...new Set(q.userIds)].map((user_id) => ({ room_id: q.roomId, user_id })));
  const txns = queries.flatMap((q) => q.txns.map((k) => ({ room_id: q.roomId, user_id: k.userId, device_id: k.deviceId, txn_id: k.txnId })));
  const rows = await run<Row>(sql`
    with
    r as (select jsonb_array_elements_text(${json(queries.map((q) => q.roomId))}::jsonb) as room_id),
    m as (select room_id, user_id from jsonb_to_recordset(${json(members)}::jsonb) as x(room_id text, user_id text)),
    k as (select room_id, user_id, device_id, txn_id from jsonb_to_recordset(${json(txns)}::jsonb) as x(room_id text, user_id text, device_id text, txn_id text))
    select cs.room_id, cs.type, cs.state_key, cs.membership, e.content, e.sender
    from current_state cs cross join lateral (select content, sender from events where event_id = cs.event_id) e
    where cs.room_id = any(array(select room_id from r)) and cs.state_key = ''
      and cs.type in ('m.room.create', 'm.room.power_levels', 'm.room.join_rules')
    union all
    select cs.room_id, cs.type, cs.state_key, cs.membership, null, null
    from m join current_state cs on cs.room_id = m.room_id and cs.type = 'm.room.member' and cs.state_key = m.user_id
    union all
    select room_id, 'blocked', '', null, null, null from blocked_rooms where room_id = any(array(select room_id from r))
    union all
    select t.room_id, 'txn', t.user_id || chr(31) || t.device_id || chr(31) || t.txn_id, null, jsonb_build_object('event_id', t.event_id), null
    from k join event_txn_ids t on t.room_id = k.room_id and t.user_id = k.user_id and t.device_id = k.device_id and t.txn_id = k.txn_id`);
  const answers = new Map<string, AuthAnswer>();
  for (const q of queries) {
    answers.set(q.roomId, { state: emptyState(q.roomId), txnEvents: new Map() });
  }
  for (const row of rows) {
    const answer = answers.get(row.room_id);
    if (answer) apply(answer, row);
  }
  return answers;
}

function apply({ state, txnEvents }: AuthAnswer, row: Row): void {
  if (row.type === "blocked") state.blocked = true;
  else if (row.type === "txn") txnEvents.set(row.state_key, String(row.content?.event_id ?? ""));
  else if (row.type === "m.room.create") state.creator = creatorOf(row.content ?? {}, row.sender);
  else if (row.type === "m.room.power_levels") state.powerLevels = row.content;
  else if (row.type === "m.room.join_rules") state.joinRule = typeof row.content?.join_rule === "string" ? row.content.join_rule : null;
  else if (row.type === "m.room.member") state.memberships.set(row.state_key, (row.membership ?? "leave") as Membership);
}

/** The auth state, plus the events already stored for any of the given client transactions (same round trip). */
export async function loadAuthStateAndTxns(run: Runner, roomId: string, userIds: string[], txns: TxnKey[]): Promise<AuthAnswer> {
  const answer = (await loadAuthStates(run, [{ roomId, userIds, txns }])).get(roomId);
  return answer ?? { state: emptyState(roomId), txnEvents: new Map() };
}

/** The auth state of one room for the given users. */
export async function loadAuthState(db: DbHandle, roomId: string, userIds: string[]): Promise<AuthState> {
  return (await loadAuthStateAndTxns(runnerOf(db), roomId, userIds, [])).state;
}

/** Before room v11 the creator is content.creator; from v11 it is the create event's sender. */
function creatorOf(content: Record<string, unknown>, sender: string | null): string | null {
  return typeof content.creator === "string" ? content.creator : sender;
}
