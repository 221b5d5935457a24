import { mkdtempSync, rmSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { startEmbedded, type EmbeddedServer } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { silentLogger } from "../logger";
import { freePort } from "./free-port";

declare module "vitest" {
  export interface ProvidedContext {
    templateUrl: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * One PostgreSQL for the whole run (embedded, or DATABASE_URL), and one migrated template database
 * that each test file copies (CREATE DATABASE … TEMPLATE) in a few tens of milliseconds.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedServer | null = null;
  let dir: string | null = null;
  let baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    dir = mkdtempSync(path.join(tmpdir(), "scrollback-test-"));
    chmodSync(dir, 0o755);
    embedded = await startEmbedded({ dataDir: dir, port: await freePort(), logger: silentLogger });
    baseUrl = embedded.url;
  }
  const template = `sb_template_${process.pid}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${template}`);
  await admin.unsafe(`create database ${template}`);
  const templateUrl = withDatabase(baseUrl, template);
  await runMigrations(templateUrl);
  project.provide("templateUrl", templateUrl);
  console.log(`tests use ${embedded ? "embedded PostgreSQL" : `DATABASE_URL PostgreSQL`} (${(await admin`show server_version`)[0]?.server_version})`);
  return async () => {
    await admin.unsafe(`drop database if exists ${template} with (force)`).catch(() => {});
    await admin.end();
    await embedded?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
