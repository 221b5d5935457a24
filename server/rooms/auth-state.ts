import { sql } from "drizzle-orm";
import type { DbHandle } from "../db/client";
import type { AuthState } from "./auth-rules";
import type { Membership } from "./state";

interface Row extends Record<string, unknown> {
  type: string;
  state_key: string;
  membership: string | null;
  content: Record<string, unknown> | null;
  sender: string | null;
}

/**
 * What the authorization rules need, in one round trip: create, power levels, join rules, the
 * memberships of the given users, and whether the room is blocked.
 */
export interface TxnKey {
  userId: string;
  deviceId: string;
  txnId: string;
}

export const txnKeyString = (k: TxnKey) => `${k.userId}\u001f${k.deviceId}\u001f${k.txnId}`;

/** The auth state, plus the events already stored for any of the given client transactions (same round trip). */
export async function loadAuthStateAndTxns(db: DbHandle, roomId: string, userIds: string[], txns: TxnKey[]): Promise<{ state: AuthState; txnEvents: Map<string, string> }> {
  const txnEvents = new Map<string, string>();
  const state = await loadAuthState(db, roomId, userIds, txns, (key, eventId) => txnEvents.set(key, eventId));
  return { state, txnEvents };
}

export async function loadAuthState(
  db: DbHandle,
  roomId: string,
  userIds: string[],
  txns: TxnKey[] = [],
  onTxn?: (key: string, eventId: string) => void,
): Promise<AuthState> {
  const users = [...new Set(userIds)];
  const userList = users.length > 0 ? sql.join(users.map((u) => sql`${u}`), sql`, `) : sql`null`;
  const txnRows =
    txns.length === 0
      ? sql``
      : sql`union all
    select 'txn', user_id || chr(31) || device_id || chr(31) || txn_id, null, jsonb_build_object('event_id', event_id), null
    from event_txn_ids where room_id = ${roomId}
      and (user_id, device_id, txn_id) in (${sql.join(txns.map((k) => sql`(${k.userId}, ${k.deviceId}, ${k.txnId})`), sql`, `)})`;
  const rows = await db.execute<Row>(sql`
    select cs.type, cs.state_key, cs.membership, e.content, e.sender
    from current_state cs join events e on e.event_id = cs.event_id
    where cs.room_id = ${roomId}
      and ((cs.state_key = '' and cs.type in ('m.room.create', 'm.room.power_levels', 'm.room.join_rules'))
        or (cs.type = 'm.room.member' and cs.state_key in (${userList})))
    union all
    select 'blocked', '', null, null, null from blocked_rooms where room_id = ${roomId}
    ${txnRows}`);
  const state: AuthState = { roomId, creator: null, powerLevels: null, joinRule: null, memberships: new Map(), blocked: false };
  for (const row of rows) {
    if (row.type === "blocked") state.blocked = true;
    else if (row.type === "txn") onTxn?.(row.state_key, String(row.content?.event_id ?? ""));
    else if (row.type === "m.room.create") state.creator = creatorOf(row.content ?? {}, row.sender);
    else if (row.type === "m.room.power_levels") state.powerLevels = row.content;
    else if (row.type === "m.room.join_rules") state.joinRule = typeof row.content?.join_rule === "string" ? row.content.join_rule : null;
    else if (row.type === "m.room.member") state.memberships.set(row.state_key, (row.membership ?? "leave") as Membership);
  }
  return state;
}

/** Before room v11 the creator is content.creator; from v11 it is the create event's sender. */
function creatorOf(content: Record<string, unknown>, sender: string | null): string | null {
  return typeof content.creator === "string" ? content.creator : sender;
}
