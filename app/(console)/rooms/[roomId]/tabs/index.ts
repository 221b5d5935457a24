// The room page's tabs, in display order. Each tab lives in its own file and checks nothing itself:
// the page shows a tab only to the roles it lists.
import type { RoomTab } from "./types";
import { timelineTab } from "./timeline";
import { stateTab } from "./state";
import { membersTab } from "./members";
import { retentionTab } from "./retention";
import { tasksTab } from "./tasks";

export const ROOM_TABS: RoomTab[] = [timelineTab, membersTab, stateTab, retentionTab, tasksTab];
export type { RoomTab, RoomTabProps } from "./types";
