import { bigint, bigserial, boolean, check, index, pgTable, text } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const CONSOLE_ROLES = ["admin", "moderator", "operator"] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export const users = pgTable(
  "users",
  {
    userId: text("user_id").primaryKey(),
    /** argon2id; null for users who cannot log in with a password. */
    passwordHash: text("password_hash"),
    /** Synapse's server admin flag (admin APIs). */
    admin: boolean("admin").notNull().default(false),
    deactivated: boolean("deactivated").notNull().default(false),
    /** GDPR erasure (deactivate with erase: true): their events are pruned for anyone not joined when they were sent. */
    erased: boolean("erased").notNull().default(false),
    /** Scrollback console role; null = no console access. */
    consoleRole: text("console_role").$type<ConsoleRole | null>(),
    displayname: text("displayname"),
    userType: text("user_type"),
    createdTs: bigint("created_ts", { mode: "number" }).notNull(),
  },
  (t) => [
    check("users_console_role_check", sql`${t.consoleRole} in ('admin', 'moderator', 'operator')`),
    // Pages look up which of their senders are erased: a probe of this (usually empty) index per sender.
    index("users_erased_idx").on(t.userId).where(sql`${t.erased}`),
  ],
);

/** Access tokens are stored as SHA-256 hashes; the plaintext is only ever shown to its owner. */
export const accessTokens = pgTable(
  "access_tokens",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: text("user_id")
      .notNull()
      .references(() => users.userId, { onDelete: "cascade" }),
    deviceId: text("device_id").notNull(),
    createdTs: bigint("created_ts", { mode: "number" }).notNull(),
    lastUsedTs: bigint("last_used_ts", { mode: "number" }),
    /** Console sessions expire; Matrix access tokens do not (null). */
    validUntilTs: bigint("valid_until_ts", { mode: "number" }),
  },
  (t) => [index("access_tokens_user_id_idx").on(t.userId)],
);

/** Nonces for shared-secret registration, in the database so any instance can verify them. */
export const registrationNonces = pgTable("registration_nonces", {
  nonce: text("nonce").primaryKey(),
  createdTs: bigint("created_ts", { mode: "number" }).notNull(),
});

export type UserRow = typeof users.$inferSelect;
