import { randomBytes } from "node:crypto";
import { count, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import * as t from "../db/schema";
import { createUser, getUser } from "../auth";
import { createRoom } from "../rooms/create-room";
import { persistEvents } from "../events/persist-events";
import { randomLetters } from "../events/ids";
import { aliasTaken, createAlias } from "../rooms/aliases";
import { createRandom, type Random } from "./random";
import { DEMO_ROOMS, type DemoRoomSpec } from "./rooms";
import { roomTimeline } from "./timeline";
import { FIRST_NAMES, REMOTE_SERVERS } from "./words";

export interface Credentials {
  userId: string;
  password: string;
  role: t.ConsoleRole;
}

export interface SeedResult {
  /** The console admin; null when it already existed (its password is not known). */
  admin: Credentials | null;
  /** Every console user created now, admin first, with the password to print once. */
  credentials: Credentials[];
  rooms: number;
  events: number;
  seconds: number;
  /** Time spent inside persistEvents, and the events it stored: the bulk-load rate. */
  persist: { events: number; seconds: number; eventsPerSecond: number };
}

export interface SeedOptions {
  /** Multiplies every room's event count (tests use a small fraction). Default 1. */
  scale?: number;
  /** Drafts per persistEvents call. Default 2000 (PostgreSQL allows 65535 parameters per statement). */
  batchSize?: number;
  /** PRNG seed: the same seed gives the same history. */
  seed?: number;
  /** Called after each room with what it stored. */
  onRoom?: (info: { name: string; roomId: string; events: number; seconds: number }) => void;
}

const DAY = 86_400_000;

/** True when the database holds no users and no rooms: a first start. */
export async function isEmptyDatabase(ctx: Ctx): Promise<boolean> {
  const [users] = await ctx.db.select({ n: count() }).from(t.users);
  const [rooms] = await ctx.db.select({ n: count() }).from(t.rooms);
  return (users?.n ?? 0) === 0 && (rooms?.n ?? 0) === 0;
}

/** Creates a console user with a random password, unless the user exists (then null). */
export async function createConsoleUser(ctx: Ctx, localpart: string, role: t.ConsoleRole): Promise<Credentials | null> {
  const userId = `@${localpart}:${ctx.config.server_name}`;
  if (await getUser(ctx, userId)) return null;
  const password = randomBytes(12).toString("base64url");
  const displayname = `Console ${role}`;
  await createUser(ctx, { userId, password, admin: role === "admin", consoleRole: role, displayname });
  return { userId, password, role };
}

/** Creates the console admin with a random password (printed once by the caller). */
export async function createConsoleAdmin(ctx: Ctx, localpart = "admin"): Promise<{ userId: string; password: string }> {
  const created = await createConsoleUser(ctx, localpart, "admin");
  if (!created) throw new Error(`@${localpart}:${ctx.config.server_name} already exists`);
  return created;
}

/** The people of the demo: local users (stored in users, without passwords) and remote ones. */
function population(serverName: string): { local: string[]; remote: string[] } {
  const local = FIRST_NAMES.map((name) => `@${name}:${serverName}`);
  for (let i = 0; local.length < 120; i += 1) local.push(`@${FIRST_NAMES[i % FIRST_NAMES.length]}${Math.floor(i / FIRST_NAMES.length) + 2}:${serverName}`);
  const remote: string[] = [];
  for (let i = 0; remote.length < 500; i += 1) {
    const name = FIRST_NAMES[(i * 7) % FIRST_NAMES.length];
    remote.push(`@${name}${i}:${REMOTE_SERVERS[i % REMOTE_SERVERS.length]}`);
  }
  return { local, remote };
}

function membersFor(spec: DemoRoomSpec, people: { local: string[]; remote: string[] }, random: Random): string[] {
  const sample = (from: string[], n: number) => {
    const copy = [...from];
    const out: string[] = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(random.int(0, copy.length - 1), 1)[0] as string);
    return out;
  };
  const all = [...sample(people.local.slice(1), spec.localMembers), ...sample(people.remote, spec.remoteMembers)];
  // Interleave local and remote joins.
  for (let i = all.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [all[i], all[j]] = [all[j] as string, all[i] as string];
  }
  return all;
}

/** Binds the alias (a suffix when taken, e.g. on a second `npm run seed`) and returns it. */
async function reserveAlias(ctx: Ctx, localpart: string): Promise<string> {
  let alias = `#${localpart}:${ctx.config.server_name}`;
  while (await aliasTaken(ctx, alias)) {
    alias = `#${localpart}-${randomLetters(4).toLowerCase()}:${ctx.config.server_name}`;
  }
  return alias;
}

async function seedRoom(ctx: Ctx, spec: DemoRoomSpec, creator: string, members: string[], options: Required<Pick<SeedOptions, "scale" | "batchSize">>, random: Random) {
  const endTs = ctx.clock.now() - 60_000;
  const startTs = endTs - spec.days * DAY;
  const alias = spec.alias ? await reserveAlias(ctx, spec.alias) : undefined;
  const initialState: Array<{ type: string; content: Record<string, unknown> }> = [{ type: "m.room.history_visibility", content: { history_visibility: spec.visibility } }];
  if (spec.retention) initialState.push({ type: "m.room.retention", content: { ...spec.retention } });
  const { roomId } = await createRoom(ctx, {
    creator,
    name: spec.name,
    topic: spec.topic,
    preset: spec.joinRule === "public" ? "public_chat" : "private_chat",
    visibility: spec.published ? "public" : "private",
    alias,
    initialState,
    originServerTs: startTs,
  });
  if (alias) await createAlias(ctx, { alias, roomId, creator });
  const count = Math.max(10, Math.round(spec.events * options.scale) - 12);
  let persisted = 0;
  let persistMs = 0;
  for (const batch of roomTimeline({ spec, creator, candidates: members, count, startTs: startTs + 1000, endTs, random }, options.batchSize)) {
    const started = performance.now();
    await persistEvents(ctx, roomId, batch);
    persistMs += performance.now() - started;
    persisted += batch.length;
  }
  const [row] = await ctx.db.select({ n: t.rooms.eventCount }).from(t.rooms).where(eq(t.rooms.roomId, roomId));
  return { roomId, events: row?.n ?? persisted, persisted, persistMs };
}

/** Demo data for a new installation or a test database: console users, people, rooms and history. */
export async function seedDemo(ctx: Ctx, options: SeedOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const settings = { scale: options.scale ?? 1, batchSize: options.batchSize ?? 2000 };
  const random = createRandom(options.seed ?? 20_261_125);
  const credentials: Credentials[] = [];
  for (const [localpart, role] of [["admin", "admin"], ["moderator", "moderator"], ["operator", "operator"]] as const) {
    const created = await createConsoleUser(ctx, localpart, role);
    if (created) credentials.push(created);
  }
  const people = population(ctx.config.server_name);
  const now = ctx.clock.now();
  await ctx.db
    .insert(t.users)
    .values(people.local.map((userId) => ({ userId, displayname: userId.slice(1, userId.indexOf(":")), createdTs: now - 300 * DAY })))
    .onConflictDoNothing();
  let events = 0;
  let persisted = 0;
  let persistMs = 0;
  for (const [i, spec] of DEMO_ROOMS.entries()) {
    const roomStarted = performance.now();
    const creator = people.local[i % 5] ?? `@alice:${ctx.config.server_name}`;
    const room = await seedRoom(ctx, spec, creator, membersFor(spec, people, random), settings, random);
    events += room.events;
    persisted += room.persisted;
    persistMs += room.persistMs;
    options.onRoom?.({ name: spec.name, roomId: room.roomId, events: room.events, seconds: (performance.now() - roomStarted) / 1000 });
  }
  const seconds = (performance.now() - started) / 1000;
  const persistSeconds = persistMs / 1000;
  return {
    admin: credentials.find((c) => c.role === "admin") ?? null,
    credentials,
    rooms: DEMO_ROOMS.length,
    events,
    seconds,
    persist: { events: persisted, seconds: persistSeconds, eventsPerSecond: persistSeconds > 0 ? Math.round(persisted / persistSeconds) : 0 },
  };
}
