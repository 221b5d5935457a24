"use server";
import { z } from "zod";
import { roleAction } from "../../../_lib/action";
import { writeTimelineSettings } from "./settings";

/** Blur message content until revealed: the console user's own setting, kept server-side. */
export const setTimelineBlurAction = roleAction(["moderator", "operator"], z.object({ blur: z.boolean() }), (input, session, ctx) =>
  writeTimelineSettings(ctx, session.userId, { blur: input.blur }),
);
