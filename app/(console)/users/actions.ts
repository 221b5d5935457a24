"use server";
import { revalidatePath } from "next/cache";
import { setConsoleRole, setConsoleRoleSchema } from "@/server/console";
import { roleAction } from "../_lib/action";

/** Admin only: give a local user a console role, or remove it (role null). */
export const setConsoleRoleAction = roleAction(["admin"], setConsoleRoleSchema, async (input, _session, ctx) => {
  const result = await setConsoleRole(ctx, input);
  revalidatePath("/users");
  return result;
});
