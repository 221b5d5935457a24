import type { NavItem } from "@/components/nav/console-nav";
import { allows, type ConsoleRole } from "./session";

/** The console's pages and who sees them; the pages check the same roles themselves. */
export const NAV: Array<NavItem & { roles: ConsoleRole[] }> = [
  { href: "/rooms", label: "Rooms", roles: ["moderator", "operator"] },
  { href: "/retention", label: "Retention", roles: ["operator"] },
  { href: "/tasks", label: "Tasks", roles: ["operator"] },
  { href: "/audit", label: "Audit log", roles: ["admin"] },
  { href: "/users", label: "Console users", roles: ["admin"] },
];

export function navFor(role: ConsoleRole): NavItem[] {
  return NAV.filter((item) => allows(role, item.roles)).map(({ href, label }) => ({ href, label }));
}
