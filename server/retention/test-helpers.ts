import type { Ctx } from "../context";
import { parseConfig, type ConfigInput } from "../config";
import { persistEvents } from "../events/persist-events";
import { createRoom } from "../rooms";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A ctx whose config is the given overrides (test app's server_name kept). */
export function withConfig(ctx: Ctx, config: ConfigInput): Ctx {
  return { ...ctx, config: parseConfig({ server_name: ctx.config.server_name, ...config }) };
}

export async function roomWithPolicy(ctx: Ctx, creator: string, content: Record<string, unknown> | null): Promise<string> {
  const { roomId } = await createRoom(ctx, { creator });
  if (content !== null) await setPolicy(ctx, roomId, creator, content);
  return roomId;
}

export async function setPolicy(ctx: Ctx, roomId: string, sender: string, content: Record<string, unknown>): Promise<string> {
  const [event] = await persistEvents(ctx, roomId, [{ type: "m.room.retention", stateKey: "", sender, content }]);
  if (!event) throw new Error("no event stored");
  return event.eventId;
}

export async function sendText(ctx: Ctx, roomId: string, sender: string, body: string): Promise<string> {
  const [event] = await persistEvents(ctx, roomId, [{ type: "m.room.message", sender, content: { msgtype: "m.text", body } }]);
  if (!event) throw new Error("no event stored");
  return event.eventId;
}
