import type { Ctx } from "../context";
import * as t from "../db/schema";
import { MatrixError } from "../errors";
import { newRoomId } from "../events/ids";
import { persistEvents, type EventDraft } from "../events/persist-events";

export const DEFAULT_ROOM_VERSION = "10";
export const SUPPORTED_ROOM_VERSIONS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"];

export type RoomPreset = "private_chat" | "public_chat" | "trusted_private_chat";

export interface CreateRoomInput {
  creator: string;
  name?: string;
  topic?: string;
  preset?: RoomPreset;
  visibility?: "public" | "private";
  roomAliasName?: string;
  invite?: string[];
  initialState?: Array<{ type: string; state_key?: string; content: Record<string, unknown> }>;
  powerLevelContentOverride?: Record<string, unknown>;
  roomVersion?: string;
  /** Set when the alias was validated and reserved by the caller. */
  alias?: string;
  /** Extra m.room.create content (room type, m.federate); room_version and creator always win. */
  creationContent?: Record<string, unknown>;
  /** The clock time to stamp events with (seeders backdate rooms). */
  originServerTs?: number;
}

export function defaultPowerLevels(creator: string, preset: RoomPreset, invitees: string[]): Record<string, unknown> {
  const users: Record<string, number> = { [creator]: 100 };
  if (preset === "trusted_private_chat") for (const user of invitees) users[user] = 100;
  return {
    users,
    users_default: 0,
    events: {
      "m.room.name": 50,
      "m.room.power_levels": 100,
      "m.room.history_visibility": 100,
      "m.room.canonical_alias": 50,
      "m.room.avatar": 50,
      "m.room.tombstone": 100,
      "m.room.server_acl": 100,
      "m.room.encryption": 100,
    },
    events_default: 0,
    state_default: 50,
    ban: 50,
    kick: 50,
    redact: 50,
    invite: 0,
    historical: 100,
  };
}

/** The room's initial events, in Synapse's order: create, creator join, power levels, alias, preset state, initial_state, name, topic, invites. */
export function initialRoomEvents(input: CreateRoomInput, roomId: string, roomVersion: string): EventDraft[] {
  const preset: RoomPreset = input.preset ?? (input.visibility === "public" ? "public_chat" : "private_chat");
  const invitees = input.invite ?? [];
  const ts = input.originServerTs;
  const state = (type: string, content: Record<string, unknown>, stateKey = ""): EventDraft => ({
    type,
    stateKey,
    sender: input.creator,
    content,
    originServerTs: ts,
  });
  const createContent: Record<string, unknown> = { ...input.creationContent, room_version: roomVersion };
  if (Number(roomVersion) < 11) createContent.creator = input.creator;
  const drafts: EventDraft[] = [
    state("m.room.create", createContent),
    state("m.room.member", { membership: "join" }, input.creator),
    state("m.room.power_levels", { ...defaultPowerLevels(input.creator, preset, invitees), ...input.powerLevelContentOverride }),
  ];
  if (input.alias) drafts.push(state("m.room.canonical_alias", { alias: input.alias }));
  drafts.push(state("m.room.join_rules", { join_rule: preset === "public_chat" ? "public" : "invite" }));
  drafts.push(state("m.room.history_visibility", { history_visibility: "shared" }));
  if (preset !== "public_chat") drafts.push(state("m.room.guest_access", { guest_access: "can_join" }));
  for (const s of input.initialState ?? []) drafts.push(state(s.type, s.content, s.state_key ?? ""));
  if (input.name !== undefined) drafts.push(state("m.room.name", { name: input.name }));
  if (input.topic !== undefined) drafts.push(state("m.room.topic", { topic: input.topic }));
  for (const user of invitees) drafts.push(state("m.room.member", { membership: "invite" }, user));
  return drafts;
}

/** Creates the room row and its initial state; aliases are bound by the caller (directory verbs). */
export async function createRoom(ctx: Ctx, input: CreateRoomInput): Promise<{ roomId: string }> {
  const roomVersion = input.roomVersion ?? DEFAULT_ROOM_VERSION;
  if (!SUPPORTED_ROOM_VERSIONS.includes(roomVersion)) {
    throw new MatrixError("M_UNSUPPORTED_ROOM_VERSION", `Your homeserver does not support the features required to join this room`);
  }
  const roomId = newRoomId(ctx.config.server_name);
  await ctx.db.transaction(async (tx) => {
    await tx.insert(t.rooms).values({
      roomId,
      roomVersion,
      creator: input.creator,
      createdTs: input.originServerTs ?? ctx.clock.now(),
      isPublic: input.visibility === "public",
    });
    await persistEvents({ ...ctx, db: tx }, roomId, initialRoomEvents(input, roomId, roomVersion));
  });
  return { roomId };
}
