import { mkdirSync, writeFileSync } from "node:fs";
import { test as setup, expect } from "@playwright/test";
import { createUser } from "../server/auth";
import { createRoom } from "../server/rooms";
import { persistEvents } from "../server/events";
import { getRoom } from "../server/rooms";
import { seedDemo } from "../server/demo/seed";
import { AUTH_DIR, USERS_FILE, withCore, type E2eUsers } from "./fixtures/core";

// Seeds the fresh e2e database through the core: the demo data at a small scale (console users
// with their generated passwords), a user without a console role, and one room with known counts.
setup("seed the database through the core", async () => {
  const users = await withCore(async (ctx) => {
    const seeded = await seedDemo(ctx, { scale: 0.002, batchSize: 500 });
    const byRole = Object.fromEntries(seeded.credentials.map((c) => [c.role, { userId: c.userId, password: c.password }]));
    const plain = { userId: `@plain:${ctx.config.server_name}`, password: "plain-user-password" };
    await createUser(ctx, { userId: plain.userId, password: plain.password });
    const creator = `@fixture:${ctx.config.server_name}`;
    const name = "E2E Fixture Room";
    const { roomId } = await createRoom(ctx, { creator, name, topic: "Seeded by the Playwright setup", preset: "public_chat" });
    const messages = 120;
    await persistEvents(ctx, roomId, [
      { type: "m.room.member", stateKey: `@guest:remote.example`, sender: `@guest:remote.example`, content: { membership: "join" } },
      ...Array.from({ length: messages }, (_, i) => ({ type: "m.room.message", sender: i % 2 ? creator : "@guest:remote.example", content: { msgtype: "m.text", body: `Fixture message number ${i + 1}` } })),
    ]);
    const room = await getRoom(ctx, roomId);
    return { ...byRole, plain, fixtureRoom: { roomId, name, events: room?.eventCount ?? 0, messages, joined: 2 } } as E2eUsers;
  });
  expect(users.admin?.password).toBeTruthy();
  expect(users.moderator?.password).toBeTruthy();
  expect(users.operator?.password).toBeTruthy();
  mkdirSync(AUTH_DIR, { recursive: true });
  writeFileSync(USERS_FILE, JSON.stringify(users, null, 2));
});
