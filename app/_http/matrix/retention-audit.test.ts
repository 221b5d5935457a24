import { describe, expect, it } from "vitest";
import { listAudit } from "@/server/audit";
import { RETENTION_POLICY_CHANGE_ACTION } from "@/server/retention/record-policy-change";
import { createTestApi } from "../testing";

const api = await createTestApi();
const V3 = "/_matrix/client/v3";

describe("per-room retention policy changes", () => {
  it("are recorded in the audit log with the sender as actor", async () => {
    const alice = await api.user("alice");
    const created = await api.post(`${V3}/createRoom`, {}, { token: alice.token });
    const roomId = String(created.body.room_id);
    const sent = await api.put(`${V3}/rooms/${encodeURIComponent(roomId)}/state/m.room.retention/`, { max_lifetime: 86_400_000 }, { token: alice.token });
    expect(sent.status).toBe(200);
    const { entries } = await listAudit(api.app.ctx("system:test"), { roomId, action: RETENTION_POLICY_CHANGE_ACTION });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: alice.userId, roomId, target: sent.body.event_id });
  });
});
