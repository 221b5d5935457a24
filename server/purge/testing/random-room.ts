import type { Ctx } from "../../context";
import * as t from "../../db/schema";
import { persistEvents, type EventDraft, type StoredEvent } from "../../events";
import { initialRoomEvents } from "../../rooms/create-room";

/** mulberry32: a small deterministic PRNG, so a failing seed can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomRoomOptions {
  roomId: string;
  seed: number;
  events: number;
  /** Prefix for deterministic event ids (unique per room in one database). */
  idPrefix?: string;
  /** Called after each event (tests advance their fake clock, so received_ts varies). */
  tick?: () => Promise<void>;
}

const LOCAL = ["@alice:test", "@bob:test"];
const REMOTE = ["@carol:remote.example", "@dave:other.example"];

/**
 * A room with local and remote senders, joins and leaves, state changes, edits, reactions,
 * redactions, labels, transaction ids, a retention policy, a few forks, pre-existing outliers and
 * rejected events. Deterministic for a seed (ids included), so two databases can hold the same room.
 */
export async function seedRandomRoom(ctx: Ctx, options: RandomRoomOptions): Promise<StoredEvent[]> {
  const random = rng(options.seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
  let n = 0;
  const nextId = () => `$${options.idPrefix ?? "e"}_${(n++).toString(36)}`;
  const { roomId } = options;
  await ctx.db.insert(t.rooms).values({ roomId, roomVersion: "10", creator: LOCAL[0], createdTs: ctx.clock.now() });
  const all: StoredEvent[] = [];
  const initial = initialRoomEvents({ creator: LOCAL[0] ?? "" }, roomId, "10").map((d) => ({ ...d, eventId: nextId() }));
  all.push(...(await persistEvents(ctx, roomId, initial)));
  const joinDrafts = [...LOCAL.slice(1), ...REMOTE].map((user) => ({
    eventId: nextId(), type: "m.room.member", stateKey: user, sender: user, content: { membership: "join" },
  }));
  all.push(...(await persistEvents(ctx, roomId, joinDrafts)));
  while (all.length < options.events) {
    const draft = randomDraft(random, pick, all, nextId);
    const stored = await persistEvents(ctx, roomId, [draft]);
    all.push(...stored);
    await options.tick?.();
  }
  return all;
}

type Pick = <T>(items: T[]) => T;

function randomDraft(random: () => number, pick: Pick, all: StoredEvent[], nextId: () => string): EventDraft {
  const r = random();
  const sender = random() < 0.5 ? pick(LOCAL) : pick(REMOTE);
  const eventId = nextId();
  const messages = all.filter((e) => e.type === "m.room.message" && !e.outlier);
  const base = { eventId, sender };
  if (r < 0.45 || messages.length === 0) {
    const content: Record<string, unknown> = { msgtype: "m.text", body: `message ${eventId}` };
    if (random() < 0.15) content["org.matrix.labels"] = [pick(["#fun", "#work"])];
    if (random() < 0.1) content.url = "mxc://test/abc";
    const txn = sender.endsWith(":test") && random() < 0.5 ? { deviceId: "DEV", txnId: `txn${eventId}` } : undefined;
    const forked = random() < 0.05 && all.length > 12;
    return { ...base, type: "m.room.message", content, txn, prevEvents: forked ? [pick(all.slice(-12).filter((e) => !e.outlier)).eventId] : undefined };
  }
  if (r < 0.55) return { ...base, type: "m.room.message", content: { body: "* edit", "m.new_content": { body: "edited" }, "m.relates_to": { rel_type: "m.replace", event_id: pick(messages).eventId } } };
  if (r < 0.63) return { ...base, type: "m.reaction", content: { "m.relates_to": { rel_type: "m.annotation", event_id: pick(messages).eventId, key: pick(["👍", "🎉"]) } } };
  if (r < 0.71) return { ...base, type: "m.room.redaction", content: { redacts: pick(messages).eventId } };
  if (r < 0.79) return { ...base, type: "m.room.topic", stateKey: "", sender: pick(LOCAL), content: { topic: `topic ${eventId}` } };
  if (r < 0.86) {
    const user = pick([...LOCAL.slice(1), ...REMOTE]);
    return { ...base, type: "m.room.member", stateKey: user, sender: user, content: { membership: random() < 0.5 ? "leave" : "join" } };
  }
  if (r < 0.89) return { ...base, type: "m.room.retention", stateKey: "", sender: pick(LOCAL), content: { max_lifetime: 86_400_000 * 30 } };
  if (r < 0.93) return { ...base, type: "m.room.message", sender: pick(REMOTE), content: { body: "auth-chain only" }, outlier: true, prevEvents: [] };
  if (r < 0.96) return { ...base, type: "m.room.message", content: { body: "rejected" }, rejectionReason: "auth" };
  return { ...base, type: "m.room.name", stateKey: "", sender: pick(LOCAL), content: { name: `name ${eventId}` } };
}
