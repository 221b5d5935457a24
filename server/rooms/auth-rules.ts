import { MatrixError, forbidden } from "../errors";
import type { Membership } from "./state";

// The subset of the Matrix authorization rules a single-server store needs, as pure functions over
// the room's current state. Federation-only rules (signatures, auth chains, third-party invites)
// do not apply: every event here is either created locally or imported by an admin.

export interface AuthState {
  roomId: string;
  /** The m.room.create sender/creator; null when the room has no create event. */
  creator: string | null;
  powerLevels: Record<string, unknown> | null;
  joinRule: string | null;
  /** Current membership of the users this check is about (sender, target). */
  memberships: Map<string, Membership>;
  blocked: boolean;
}

export interface PowerLevels {
  users: Record<string, number>;
  usersDefault: number;
  events: Record<string, number>;
  eventsDefault: number;
  stateDefault: number;
  ban: number;
  kick: number;
  redact: number;
  invite: number;
}

function int(value: unknown, fallback: number): number {
  if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value);
  // Old rooms carry power levels as strings; the spec asks servers to accept them.
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  return fallback;
}

function intMap(value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!value || typeof value !== "object" || Array.isArray(value)) return out;
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const n = int(raw, Number.NaN);
    if (!Number.isNaN(n)) out[key] = n;
  }
  return out;
}

/** Spec defaults: without a power_levels event the creator has 100, state needs 0. */
export function powerLevelsOf(state: Pick<AuthState, "powerLevels" | "creator">): PowerLevels {
  const pl = state.powerLevels;
  if (!pl) {
    return {
      users: state.creator ? { [state.creator]: 100 } : {},
      usersDefault: 0,
      events: {},
      eventsDefault: 0,
      stateDefault: 0,
      ban: 50,
      kick: 50,
      redact: 50,
      invite: 0,
    };
  }
  return {
    users: intMap(pl.users),
    usersDefault: int(pl.users_default, 0),
    events: intMap(pl.events),
    eventsDefault: int(pl.events_default, 0),
    stateDefault: int(pl.state_default, 50),
    ban: int(pl.ban, 50),
    kick: int(pl.kick, 50),
    redact: int(pl.redact, 50),
    invite: int(pl.invite, 0),
  };
}

export function userPower(levels: PowerLevels, userId: string): number {
  return levels.users[userId] ?? levels.usersDefault;
}

export function requiredPowerForEvent(levels: PowerLevels, type: string, isState: boolean): number {
  return levels.events[type] ?? (isState ? levels.stateDefault : levels.eventsDefault);
}

function membershipOf(state: AuthState, userId: string): Membership | "none" {
  return state.memberships.get(userId) ?? "none";
}

function requireJoined(state: AuthState, userId: string): void {
  const membership = membershipOf(state, userId);
  if (membership === "join") return;
  const suffix = membership === "none" ? "" : ` (${membership})`;
  throw forbidden(`User ${userId} not in room ${state.roomId}${suffix}`);
}

/** A non-membership event (message or state) from `sender`. */
export function checkSendEvent(state: AuthState, sender: string, type: string, isState: boolean, content: Record<string, unknown> = {}): void {
  // Only a room's first event may be its m.room.create.
  if (type === "m.room.create") throw forbidden("The create event must be the first event in the room");
  requireJoined(state, sender);
  const levels = powerLevelsOf(state);
  const needed = requiredPowerForEvent(levels, type, isState);
  if (userPower(levels, sender) < needed) {
    throw forbidden(`You don't have permission to post that to the room. user_level (${userPower(levels, sender)}) < send_level (${needed})`);
  }
  if (type === "m.room.power_levels" && isState) checkPowerLevelContent(state, sender, content);
}

/** A redaction: the redact level, or the sender's own event. */
export function checkRedaction(state: AuthState, sender: string, targetSender: string | null): void {
  requireJoined(state, sender);
  const levels = powerLevelsOf(state);
  const needed = requiredPowerForEvent(levels, "m.room.redaction", false);
  if (userPower(levels, sender) < needed) throw forbidden("You don't have permission to redact events");
  if (targetSender === sender) return;
  if (userPower(levels, sender) < levels.redact) throw forbidden("You don't have permission to redact events");
}

/** The spec's power-level change rule: no level above your own may be set, changed or removed. */
export function checkPowerLevelContent(state: AuthState, sender: string, content: Record<string, unknown>): void {
  if (!state.powerLevels) return;
  const before = powerLevelsOf(state);
  const after = powerLevelsOf({ powerLevels: content, creator: state.creator });
  const mine = userPower(before, sender);
  const changed = (oldValue: number | undefined, newValue: number | undefined) => oldValue !== newValue;
  const scalarKeys: Array<keyof PowerLevels> = ["usersDefault", "eventsDefault", "stateDefault", "ban", "kick", "redact", "invite"];
  for (const key of scalarKeys) {
    const oldValue = before[key] as number;
    const newValue = after[key] as number;
    if (changed(oldValue, newValue) && (oldValue > mine || newValue > mine)) {
      throw forbidden("You don't have permission to change that power level");
    }
  }
  for (const map of ["events", "users"] as const) {
    const keys = new Set([...Object.keys(before[map]), ...Object.keys(after[map])]);
    for (const key of keys) {
      const oldValue = before[map][key];
      const newValue = after[map][key];
      if (!changed(oldValue, newValue)) continue;
      if ((oldValue ?? 0) > mine || (newValue ?? 0) > mine) throw forbidden("You don't have permission to change that power level");
      // Another user's existing level equal to yours cannot be lowered (spec rule 10.e).
      if (map === "users" && key !== sender && oldValue !== undefined && oldValue >= mine) {
        throw forbidden("You don't have permission to remove ops level equal to your own");
      }
    }
  }
}

export type MembershipChange = "join" | "invite" | "leave" | "ban" | "knock";

/** A membership event from `sender` about `target` (kick = leave about someone else; unban = leave of a banned user). */
export function checkMembershipChange(state: AuthState, sender: string, target: string, membership: MembershipChange): void {
  if (state.blocked && membership !== "leave" && membership !== "ban") {
    throw forbidden("This room has been blocked on this server");
  }
  const targetMembership = membershipOf(state, target);
  const levels = powerLevelsOf(state);
  switch (membership) {
    case "join":
      return checkJoin(state, sender, target, targetMembership);
    case "knock":
      if (sender !== target) throw forbidden("Cannot knock on behalf of another user");
      if (state.joinRule !== "knock" && state.joinRule !== "knock_restricted") throw forbidden("You are not allowed to knock on this room");
      if (targetMembership === "ban") throw forbidden("You are banned from this room");
      if (targetMembership === "join") throw forbidden("You are already in the room");
      if (targetMembership === "invite") throw forbidden("You are already invited to this room");
      return;
    case "invite":
      requireJoined(state, sender);
      if (targetMembership === "ban") throw forbidden(`${target} is banned from the room`);
      if (targetMembership === "join") throw forbidden(`${target} is already in the room.`);
      if (userPower(levels, sender) < levels.invite) throw forbidden("You don't have permission to invite users");
      return;
    case "leave":
      return checkLeave(state, sender, target, targetMembership, levels);
    case "ban":
      requireJoined(state, sender);
      if (userPower(levels, sender) < levels.ban || (sender !== target && userPower(levels, target) >= userPower(levels, sender))) {
        throw forbidden("You don't have permission to ban");
      }
      return;
  }
}

function checkJoin(state: AuthState, sender: string, target: string, current: Membership | "none"): void {
  if (sender !== target) throw forbidden("Cannot force another user to join.");
  if (current === "ban") throw forbidden("You are banned from this room");
  if (current === "join" || current === "invite") return;
  if (state.joinRule === "public") return;
  throw forbidden("You are not invited to this room.");
}

function checkLeave(state: AuthState, sender: string, target: string, current: Membership | "none", levels: PowerLevels): void {
  if (sender === target) {
    if (current === "join" || current === "invite" || current === "knock") return;
    throw forbidden(`User ${sender} not in room ${state.roomId}`);
  }
  requireJoined(state, sender);
  if (current === "ban") {
    if (userPower(levels, sender) < levels.ban) throw forbidden("You don't have permission to unban");
    return;
  }
  if (current === "none" || current === "leave") throw forbidden(`${target} is not in the room`);
  if (userPower(levels, sender) < levels.kick || userPower(levels, target) >= userPower(levels, sender)) {
    throw forbidden(`You cannot kick user ${target}.`);
  }
}

/** For callers that must distinguish "no such room" from "not allowed". */
export function requireRoom<T>(room: T | null, roomId: string): T {
  if (!room) throw new MatrixError("M_NOT_FOUND", `Unknown room ${roomId}`);
  return room;
}
