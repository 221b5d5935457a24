import { eq, inArray } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError, notFound } from "../errors";
import { isValidRoomId } from "../events/ids";
import { persistEvents, type EventDraft } from "../events/persist-events";
import { pduSchema, type Pdu } from "./schemas";

// Imports PDUs from another server or an export, as they are: no authorization rules (the caller
// is a server admin), DAG position from prev_events. All or nothing: one transaction per call.

const bad = (message: string) => new MatrixError("M_BAD_JSON", message);

/** Validates every PDU first, so a malformed one stores nothing and names its index. */
export function parsePdus(roomId: string, raw: unknown[]): Pdu[] {
  return raw.map((value, index) => {
    const result = pduSchema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue && issue.path.length > 0 ? `'${issue.path.join(".")}' ` : "";
      throw bad(`events[${index}]: ${where}${issue?.message ?? "is not a valid PDU"}`);
    }
    const pdu = result.data;
    if (pdu.room_id !== undefined && pdu.room_id !== roomId) throw bad(`events[${index}]: room_id ${pdu.room_id} does not match the room ${roomId}`);
    return pdu;
  });
}

function toDraft(pdu: Pdu): EventDraft {
  return {
    eventId: pdu.event_id,
    type: pdu.type,
    stateKey: pdu.state_key ?? null,
    sender: pdu.sender,
    content: pdu.content,
    originServerTs: pdu.origin_server_ts,
    prevEvents: pdu.prev_events,
  };
}

async function checkNewIds(ctx: Ctx, pdus: Pdu[]): Promise<void> {
  const ids = pdus.flatMap((p) => (p.event_id ? [p.event_id] : []));
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw bad(`Event ${id} appears twice in the batch`);
    seen.add(id);
  }
  if (ids.length === 0) return;
  const existing = await ctx.db.select({ eventId: t.events.eventId }).from(t.events).where(inArray(t.events.eventId, ids)).limit(1);
  if (existing[0]) throw new MatrixError("M_CONFLICT", `Event ${existing[0].eventId} is already stored`);
}

/** Creates the room from its m.room.create PDU (the batch's first event) when the room is unknown. */
async function ensureRoom(ctx: Ctx, roomId: string, pdus: Pdu[]): Promise<void> {
  const [room] = await ctx.db.select({ roomId: t.rooms.roomId }).from(t.rooms).where(eq(t.rooms.roomId, roomId)).limit(1);
  const first = pdus[0];
  const createsRoom = first?.type === "m.room.create" && first.state_key === "";
  if (room) {
    if (createsRoom) throw bad(`Room ${roomId} already exists: it cannot be created again`);
    return;
  }
  if (!first || !createsRoom) throw notFound(`Unknown room ${roomId}: the first event of an import into a new room must be its m.room.create`);
  if (first.prev_events && first.prev_events.length > 0) throw bad("m.room.create cannot have prev_events");
  const version = typeof first.content.room_version === "string" ? first.content.room_version : "1";
  const creator = typeof first.content.creator === "string" ? first.content.creator : first.sender;
  await ctx.db.insert(t.rooms).values({ roomId, roomVersion: version, creator, createdTs: first.origin_server_ts });
}

/** POST /_scrollback/v1/rooms/{roomId}/import and `npm run import`: stores the PDUs in order. */
export async function importEvents(ctx: Ctx, input: { roomId: string; events: unknown[] }): Promise<{ eventIds: string[] }> {
  if (!isValidRoomId(input.roomId)) throw new MatrixError("M_INVALID_PARAM", `Invalid room ID: ${input.roomId}`);
  const pdus = parsePdus(input.roomId, input.events);
  if (pdus.length === 0) return { eventIds: [] };
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await checkNewIds(txCtx, pdus);
    await ensureRoom(txCtx, input.roomId, pdus);
    const stored = await persistEvents(txCtx, input.roomId, pdus.map(toDraft));
    return { eventIds: stored.map((e) => e.eventId) };
  });
}
