import { getCurrentState } from "@/server/rooms";
import { StateTable } from "@/components/rooms/state-table";
import type { RoomTab } from "./types";

export const stateTab: RoomTab = {
  id: "state",
  label: "State",
  roles: ["moderator", "operator"],
  render: async ({ roomId, ctx }) => {
    const state = await getCurrentState(ctx, roomId);
    return <StateTable events={state.map((e) => ({ eventId: e.eventId, type: e.type, stateKey: e.stateKey ?? "", sender: e.sender, ts: e.originServerTs, content: e.content }))} />;
  },
};
