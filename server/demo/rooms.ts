// The demo rooms: varied sizes, every history visibility, local and remote members, one room with a
// retention policy and one everybody left. `events` is the approximate total, initial state included.

export type HistoryVisibility = "world_readable" | "shared" | "invited" | "joined";

export interface DemoRoomSpec {
  name: string;
  /** Alias localpart; bound in room_aliases and published as m.room.canonical_alias. */
  alias: string | null;
  topic: string;
  events: number;
  visibility: HistoryVisibility;
  joinRule: "public" | "invite";
  /** Listed in the room directory. */
  published: boolean;
  localMembers: number;
  remoteMembers: number;
  /** History starts this many days ago and runs up to now. */
  days: number;
  retention?: { max_lifetime: number; min_lifetime?: number };
  /** At the end everybody leaves (an abandoned room, candidate for deletion). */
  abandoned?: boolean;
  /** Share of events that are membership changes (joins, leaves, kicks, bans). */
  churn: number;
}

const DAY = 86_400_000;

export const DEMO_ROOMS: DemoRoomSpec[] = [
  {
    name: "Town Square", alias: "town-square", topic: "The main public room. Everyone is welcome.",
    events: 200_000, visibility: "world_readable", joinRule: "public", published: true,
    localMembers: 90, remoteMembers: 320, days: 240, churn: 0.01,
  },
  {
    name: "Engineering", alias: "engineering", topic: "Builds, deploys and code review.",
    events: 20_000, visibility: "shared", joinRule: "public", published: true,
    localMembers: 40, remoteMembers: 25, days: 200, churn: 0.008,
  },
  {
    name: "Federation Lounge", alias: "federation", topic: "Mostly people from other servers.",
    events: 12_000, visibility: "shared", joinRule: "public", published: true,
    localMembers: 6, remoteMembers: 140, days: 150, churn: 0.02,
  },
  {
    name: "Support", alias: "support", topic: "Ask for help here. Please search before asking.",
    events: 8_000, visibility: "world_readable", joinRule: "public", published: true,
    localMembers: 20, remoteMembers: 80, days: 180, churn: 0.04,
  },
  {
    name: "Random", alias: "random", topic: "Off-topic, memes, cats.",
    events: 5_000, visibility: "shared", joinRule: "public", published: false,
    localMembers: 30, remoteMembers: 20, days: 120, churn: 0.02,
  },
  {
    name: "Ephemeral Chat", alias: "ephemeral", topic: "Messages here expire after 30 days (m.room.retention).",
    events: 4_000, visibility: "shared", joinRule: "public", published: false,
    localMembers: 15, remoteMembers: 10, days: 120, churn: 0.01,
    retention: { max_lifetime: 30 * DAY, min_lifetime: DAY },
  },
  {
    name: "Incident Response", alias: "incidents", topic: "On-call coordination. Joined members only.",
    events: 2_500, visibility: "joined", joinRule: "invite", published: false,
    localMembers: 12, remoteMembers: 2, days: 90, churn: 0.01,
  },
  {
    name: "Moderators", alias: null, topic: "Private room for the moderation team.",
    events: 1_500, visibility: "invited", joinRule: "invite", published: false,
    localMembers: 8, remoteMembers: 3, days: 160, churn: 0.01,
  },
  {
    name: "Announcements", alias: "announcements", topic: "Release notes and maintenance windows.",
    events: 300, visibility: "world_readable", joinRule: "public", published: true,
    localMembers: 10, remoteMembers: 60, days: 220, churn: 0.05,
  },
  {
    name: "Old Archive", alias: "old-archive", topic: "A room nobody uses any more.",
    events: 600, visibility: "shared", joinRule: "public", published: false,
    localMembers: 6, remoteMembers: 6, days: 300, churn: 0.02, abandoned: true,
  },
  {
    name: "Quiet Corner", alias: null, topic: "Hardly anything happens here.",
    events: 25, visibility: "joined", joinRule: "invite", published: false,
    localMembers: 3, remoteMembers: 0, days: 30, churn: 0,
  },
];
