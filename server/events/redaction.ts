// The redaction algorithm (Matrix spec, "Redactions"): which content keys survive, per room version.

function versionNumber(roomVersion: string): number {
  const n = Number.parseInt(roomVersion, 10);
  return Number.isFinite(n) ? n : 10;
}

function keptContentKeys(type: string, roomVersion: string): string[] | "all" {
  const v = versionNumber(roomVersion);
  switch (type) {
    case "m.room.member":
      return v >= 11
        ? ["membership", "join_authorised_via_users_server", "third_party_invite"]
        : v >= 9
          ? ["membership", "join_authorised_via_users_server"]
          : ["membership"];
    case "m.room.create":
      return v >= 11 ? "all" : ["creator"];
    case "m.room.join_rules":
      return v >= 8 ? ["join_rule", "allow"] : ["join_rule"];
    case "m.room.power_levels": {
      const keys = ["ban", "events", "events_default", "kick", "redact", "state_default", "users", "users_default"];
      return v >= 11 ? [...keys, "invite"] : keys;
    }
    case "m.room.history_visibility":
      return ["history_visibility"];
    case "m.room.aliases":
      return v <= 5 ? ["aliases"] : [];
    case "m.room.redaction":
      return v >= 11 ? ["redacts"] : [];
    default:
      return [];
  }
}

export function pruneContent(type: string, content: Record<string, unknown>, roomVersion: string): Record<string, unknown> {
  const kept = keptContentKeys(type, roomVersion);
  if (kept === "all") return { ...content };
  const out: Record<string, unknown> = {};
  for (const key of kept) {
    if (!(key in content)) continue;
    if (type === "m.room.member" && key === "third_party_invite") {
      const invite = content[key];
      if (invite && typeof invite === "object" && "signed" in invite) out[key] = { signed: (invite as { signed: unknown }).signed };
      continue;
    }
    out[key] = content[key];
  }
  return out;
}

/** The event a redaction targets: content.redacts (v11+) or the top-level field carried in content by older clients. */
export function redactsOf(content: Record<string, unknown>, topLevel?: unknown): string | null {
  if (typeof content.redacts === "string") return content.redacts;
  return typeof topLevel === "string" ? topLevel : null;
}
