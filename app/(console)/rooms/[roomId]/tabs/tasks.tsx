import { TasksView } from "@/components/tasks/tasks-view";
import { allows } from "../../../_lib/session";
import type { RoomTab } from "./types";

export const tasksTab: RoomTab = {
  id: "tasks",
  label: "Tasks",
  roles: ["operator"],
  render: async ({ roomId, session }) => <TasksView room={roomId} canCancel={allows(session.role, ["operator"])} />,
};
