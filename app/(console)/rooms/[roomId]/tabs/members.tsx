import { listRoomMembers, MEMBERSHIPS, type MembershipFilter } from "@/server/rooms";
import { MembersTable } from "@/components/rooms/members-table";
import type { RoomTab } from "./types";

const PAGE_SIZE = 100;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const isMembership = (v: string | undefined): v is MembershipFilter => MEMBERSHIPS.some((m) => m === v);

export const membersTab: RoomTab = {
  id: "members",
  label: "Members",
  roles: ["moderator", "operator"],
  render: async ({ roomId, ctx, searchParams }) => {
    const wanted = first(searchParams.membership);
    const membership = isMembership(wanted) ? wanted : null;
    const page = Math.min(Math.max(Number.parseInt(first(searchParams.page) ?? "1", 10) || 1, 1), 100_000);
    const result = await listRoomMembers(ctx, { roomId, membership, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
    return <MembersTable roomId={roomId} members={result.members} total={result.total} counts={result.counts} membership={membership} page={page} pageSize={PAGE_SIZE} />;
  },
};
