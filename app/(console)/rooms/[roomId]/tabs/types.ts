import type { Ctx } from "@/server/context";
import type { Session } from "../../../_lib/session";
import type { ConsoleRole } from "../../../_lib/session";

/** What every room tab gets: the room, who is looking, a core context as them, and the URL's query. */
export interface RoomTabProps {
  roomId: string;
  session: Session;
  ctx: Ctx;
  searchParams: Record<string, string | string[] | undefined>;
}

/** One tab of the room page; a tab is shown only to the roles it lists (admins see every tab). */
export interface RoomTab {
  id: string;
  label: string;
  roles: readonly ConsoleRole[];
  render: (props: RoomTabProps) => Promise<React.ReactNode>;
}
