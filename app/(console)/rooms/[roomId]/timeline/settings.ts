import { getAccountData, putAccountData } from "@/server/rooms";
import { isMatrixError } from "@/server/errors";
import type { Ctx } from "@/server/context";

/** The console user's timeline settings live in their own global account data. */
export const TIMELINE_SETTINGS_TYPE = "org.scrollback.console.timeline";

export interface TimelineSettings {
  /** Message content blurred until revealed (moderator safety); on until the user turns it off. */
  blur: boolean;
}

const key = (userId: string) => ({ requester: userId, userId, roomId: "", type: TIMELINE_SETTINGS_TYPE });

export async function readTimelineSettings(ctx: Ctx, userId: string): Promise<TimelineSettings> {
  try {
    const content = await getAccountData(ctx, key(userId));
    return { blur: content.blur !== false };
  } catch (error) {
    if (isMatrixError(error) && error.errcode === "M_NOT_FOUND") return { blur: true };
    throw error;
  }
}

export async function writeTimelineSettings(ctx: Ctx, userId: string, settings: TimelineSettings): Promise<TimelineSettings> {
  await putAccountData(ctx, key(userId), { blur: settings.blur });
  return settings;
}
