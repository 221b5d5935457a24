"use server";
import { roomListParamsSchema } from "@/components/rooms/list-params";
import { roleAction } from "../_lib/action";
import { loadRoomList } from "./list";

/** The rooms list for react-query in the browser (the page prefetches the first view itself). */
export const listRoomsAction = roleAction(["moderator", "operator"], roomListParamsSchema, (params, _session, ctx) => loadRoomList(ctx, params));
