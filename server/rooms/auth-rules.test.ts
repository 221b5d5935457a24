import { describe, expect, it } from "vitest";
import { isMatrixError } from "../errors";
import { checkMembershipChange, checkPowerLevelContent, checkRedaction, checkSendEvent, powerLevelsOf, userPower, type AuthState } from "./auth-rules";
import type { Membership } from "./state";

const A = "@a:s";
const B = "@b:s";
const C = "@c:s";

function state(members: Record<string, Membership>, extra: Partial<AuthState> = {}): AuthState {
  return {
    roomId: "!r:s",
    creator: A,
    powerLevels: { users: { [A]: 100, [B]: 50 }, users_default: 0, events: { "m.room.name": 50 }, events_default: 0, state_default: 50, ban: 50, kick: 50, redact: 50, invite: 0 },
    joinRule: "invite",
    memberships: new Map(Object.entries(members)),
    blocked: false,
    ...extra,
  };
}

function errorOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return isMatrixError(error) ? `${error.status} ${error.errcode}` : "other";
  }
}

describe("power levels", () => {
  it("defaults without a power_levels event: creator 100, state needs 0", () => {
    const levels = powerLevelsOf({ powerLevels: null, creator: A });
    expect(userPower(levels, A)).toBe(100);
    expect(userPower(levels, B)).toBe(0);
    expect(levels.stateDefault).toBe(0);
  });
  it("reads string levels as old rooms carry them", () => {
    expect(userPower(powerLevelsOf({ powerLevels: { users: { [A]: "75" } }, creator: A }), A)).toBe(75);
  });
});

describe("sending", () => {
  it("needs a joined sender and enough power", () => {
    const s = state({ [A]: "join", [B]: "join", [C]: "leave" });
    expect(errorOf(() => checkSendEvent(s, C, "m.room.message", false))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkSendEvent(s, "@x:s", "m.room.message", false))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkSendEvent(s, B, "m.room.message", false))).toBeNull();
    expect(errorOf(() => checkSendEvent(s, B, "m.room.name", true))).toBeNull();
    expect(errorOf(() => checkSendEvent({ ...s, powerLevels: { ...s.powerLevels, users: { [A]: 100 } } }, B, "m.room.topic", true))).toBe("403 M_FORBIDDEN");
  });
  it("refuses power level changes above the sender's own level", () => {
    const s = state({ [A]: "join", [B]: "join" });
    expect(errorOf(() => checkPowerLevelContent(s, B, { users: { [A]: 100, [B]: 100 } }))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkPowerLevelContent(s, B, { users: { [A]: 100, [B]: 50, [C]: 50 }, events: { "m.room.name": 50 }, state_default: 50, ban: 50, kick: 50, redact: 50 }))).toBeNull();
    expect(errorOf(() => checkPowerLevelContent(s, A, { users: { [A]: 100 } }))).toBeNull();
  });
});

describe("membership", () => {
  it("joins by join rule, refuses banned users and blocked rooms", () => {
    expect(errorOf(() => checkMembershipChange(state({}), C, C, "join"))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkMembershipChange(state({}, { joinRule: "public" }), C, C, "join"))).toBeNull();
    expect(errorOf(() => checkMembershipChange(state({ [C]: "invite" }), C, C, "join"))).toBeNull();
    expect(errorOf(() => checkMembershipChange(state({ [C]: "ban" }, { joinRule: "public" }), C, C, "join"))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkMembershipChange(state({}, { joinRule: "public", blocked: true }), C, C, "join"))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkMembershipChange(state({ [C]: "join" }, { blocked: true }), C, C, "leave"))).toBeNull();
    expect(errorOf(() => checkMembershipChange(state({}), A, C, "join"))).toBe("403 M_FORBIDDEN");
  });
  it("knocks only with join rule knock", () => {
    expect(errorOf(() => checkMembershipChange(state({}), C, C, "knock"))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkMembershipChange(state({}, { joinRule: "knock" }), C, C, "knock"))).toBeNull();
    expect(errorOf(() => checkMembershipChange(state({ [C]: "ban" }, { joinRule: "knock" }), C, C, "knock"))).toBe("403 M_FORBIDDEN");
  });
  it("invites need invite power and a target not joined or banned", () => {
    const s = state({ [A]: "join", [B]: "join", [C]: "ban" });
    expect(errorOf(() => checkMembershipChange(s, A, "@d:s", "invite"))).toBeNull();
    expect(errorOf(() => checkMembershipChange(s, A, C, "invite"))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkMembershipChange(s, A, B, "invite"))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkMembershipChange({ ...s, powerLevels: { ...s.powerLevels, invite: 60 } }, B, "@d:s", "invite"))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkMembershipChange(s, "@out:s", "@d:s", "invite"))).toBe("403 M_FORBIDDEN");
  });
  it("kicks and bans only users with less power", () => {
    const s = state({ [A]: "join", [B]: "join", [C]: "join" });
    expect(errorOf(() => checkMembershipChange(s, B, C, "leave"))).toBeNull();
    expect(errorOf(() => checkMembershipChange(s, B, A, "leave"))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkMembershipChange(s, C, B, "leave"))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkMembershipChange({ ...s, powerLevels: { ...s.powerLevels, users: { [A]: 100, [B]: 50, [C]: 50 } } }, B, C, "ban"))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkMembershipChange(s, A, B, "ban"))).toBeNull();
    expect(errorOf(() => checkMembershipChange(state({ [A]: "join", [C]: "ban" }), A, C, "leave"))).toBeNull();
    expect(errorOf(() => checkMembershipChange(state({ [A]: "join" }), A, C, "leave"))).toBe("403 M_FORBIDDEN");
  });
  it("leaves only from join, invite or knock", () => {
    expect(errorOf(() => checkMembershipChange(state({ [C]: "invite" }), C, C, "leave"))).toBeNull();
    expect(errorOf(() => checkMembershipChange(state({ [C]: "leave" }), C, C, "leave"))).toBe("403 M_FORBIDDEN");
  });
});

describe("redaction", () => {
  it("allows your own events and the redact level for others'", () => {
    const s = state({ [A]: "join", [B]: "join", [C]: "join" });
    expect(errorOf(() => checkRedaction(s, C, C))).toBeNull();
    expect(errorOf(() => checkRedaction(s, C, A))).toBe("403 M_FORBIDDEN");
    expect(errorOf(() => checkRedaction(s, B, A))).toBeNull();
    expect(errorOf(() => checkRedaction(state({ [C]: "leave" }), C, C))).toBe("403 M_FORBIDDEN");
  });
});
