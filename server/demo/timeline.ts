import type { EventDraft } from "../events/persist-events";
import { newEventId } from "../events/ids";
import type { Random } from "./random";
import type { DemoRoomSpec } from "./rooms";
import { EMOJI, chatLine, topicLine } from "./words";

export interface TimelineInput {
  spec: DemoRoomSpec;
  creator: string;
  /** Who may join, in the order they are likely to (local and remote users mixed). */
  candidates: string[];
  /** Events to generate after the initial state. */
  count: number;
  startTs: number;
  endTs: number;
  random: Random;
}

interface Recent {
  eventId: string;
  sender: string;
  body: string;
}

/**
 * Generates a room's history after createRoom: joins, chat, reactions, edits, threads, replies,
 * redactions, topic and name changes, leaves, kicks and bans, with timestamps spread from startTs to
 * endTs. Yields drafts in batches so 200k events never sit in memory at once.
 */
export function* roomTimeline(input: TimelineInput, batchSize: number): Generator<EventDraft[]> {
  const { spec, creator, random } = input;
  const joined: string[] = [creator];
  const waiting = input.candidates.filter((u) => u !== creator);
  const left: string[] = [];
  const recent: Recent[] = [];
  const redacted = new Set<string>();
  const removals = { kick: 0, ban: 0 };
  let batch: EventDraft[] = [];
  let emitted = 0;
  let ts = input.startTs;
  const step = (input.endTs - input.startTs) / Math.max(1, input.count);

  const push = (draft: Omit<EventDraft, "originServerTs" | "eventId">): string => {
    ts += step * (0.2 + random.next() * 1.6);
    const eventId = newEventId();
    batch.push({ ...draft, eventId, originServerTs: Math.min(Math.round(ts), input.endTs) });
    emitted += 1;
    return eventId;
  };
  const member = (sender: string, target: string, membership: string, reason?: string) =>
    push({ type: "m.room.member", stateKey: target, sender, content: reason ? { membership, reason } : { membership } });
  const join = (user: string) => {
    if (spec.joinRule === "invite") member(creator, user, "invite");
    member(user, user, "join");
    joined.push(user);
  };
  const removeJoined = (user: string) => {
    const at = joined.indexOf(user);
    if (at >= 0) joined.splice(at, 1);
  };

  // Most members join early; the rest trickle in as churn.
  const early = Math.min(waiting.length, Math.ceil(waiting.length * 0.7), Math.max(0, Math.floor(input.count * 0.3)));
  for (const user of waiting.splice(0, early)) join(user);

  const say = (sender: string, content: Record<string, unknown>) => {
    const eventId = push({ type: "m.room.message", sender, content });
    if (typeof content.body === "string" && !content["m.relates_to"]) {
      recent.push({ eventId, sender, body: content.body });
      if (recent.length > 60) recent.shift();
    }
    return eventId;
  };
  const target = () => (recent.length > 0 ? random.pick(recent) : null);

  while (emitted < input.count) {
    const r = random.next();
    const sender = random.pick(joined);
    const t = target();
    if (r < spec.churn) {
      churn();
    } else if (r < spec.churn + 0.05 && t) {
      push({ type: "m.reaction", sender, content: { "m.relates_to": { rel_type: "m.annotation", event_id: t.eventId, key: random.pick(EMOJI) } } });
    } else if (r < spec.churn + 0.07 && t && joined.includes(t.sender) && !redacted.has(t.eventId)) {
      const body = `${t.body} (edited)`;
      say(t.sender, { msgtype: "m.text", body: `* ${body}`, "m.new_content": { msgtype: "m.text", body }, "m.relates_to": { rel_type: "m.replace", event_id: t.eventId } });
    } else if (r < spec.churn + 0.11 && t) {
      const body = chatLine(random);
      say(sender, { msgtype: "m.text", body, "m.relates_to": { rel_type: "m.thread", event_id: t.eventId, is_falling_back: true, "m.in_reply_to": { event_id: t.eventId } } });
    } else if (r < spec.churn + 0.125 && t) {
      say(sender, { msgtype: "m.text", body: `> <${t.sender}> ${t.body}\n\n${chatLine(random)}`, "m.relates_to": { "m.in_reply_to": { event_id: t.eventId } } });
    } else if (r < spec.churn + 0.132 && t && !redacted.has(t.eventId)) {
      redacted.add(t.eventId);
      const bySender = joined.includes(t.sender) && random.chance(0.5);
      push({ type: "m.room.redaction", sender: bySender ? t.sender : creator, content: { redacts: t.eventId, reason: bySender ? "typo" : "spam" } });
    } else if (r < spec.churn + 0.1325) {
      push({ type: "m.room.topic", stateKey: "", sender: creator, content: { topic: random.chance(0.5) ? spec.topic : topicLine(random) } });
    } else if (r < spec.churn + 0.1327) {
      push({ type: "m.room.name", stateKey: "", sender: creator, content: { name: random.chance(0.7) ? spec.name : `${spec.name} (${random.pick(["beta", "new", "old", "2026"])})` } });
    } else {
      const msgtype = random.chance(0.03) ? "m.emote" : random.chance(0.02) ? "m.notice" : "m.text";
      say(sender, { msgtype, body: chatLine(random) });
    }
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  // Every room with a few members shows a kick and a ban, however small the scale.
  if (joined.length > 4 && removals.kick === 0) remove(random.pick(joined.filter((u) => u !== creator)), "kick");
  if (joined.length > 4 && removals.ban === 0) remove(random.pick(joined.filter((u) => u !== creator)), "ban");
  if (spec.abandoned) {
    for (const user of joined.splice(0).reverse()) member(user, user, "leave");
  } else {
    // The room's name stays the spec's name, whatever the history did to it.
    push({ type: "m.room.name", stateKey: "", sender: creator, content: { name: spec.name } });
  }
  if (batch.length > 0) yield batch;

  // Newcomers join while there are any; otherwise people come back or leave, are kicked or (rarely)
  // banned, keeping about a quarter of past members away so rooms neither empty nor only grow.
  function churn() {
    if (waiting.length > 0 && (random.chance(0.5) || joined.length < 4)) return join(waiting.shift() as string);
    const away = left.length / Math.max(1, left.length + joined.length);
    if (left.length > 0 && (away > 0.25 || joined.length <= 3)) {
      const user = left.splice(random.int(0, left.length - 1), 1)[0];
      if (user) join(user);
    } else if (joined.length > 3) {
      const roll = random.next();
      remove(random.pick(joined.filter((u) => u !== creator)), roll < 0.8 ? "leave" : roll < 0.97 ? "kick" : "ban");
    }
  }

  function remove(user: string, how: "leave" | "kick" | "ban") {
    removeJoined(user);
    if (how === "leave") member(user, user, "leave");
    else if (how === "kick") member(creator, user, "leave", "Please keep it on topic");
    else member(creator, user, "ban", "Spam");
    if (how === "kick") removals.kick += 1;
    if (how === "ban") removals.ban += 1;
    if (how !== "ban") left.push(user);
  }
}
