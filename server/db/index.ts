export { connect, type DbConnection, type DbHandle, type Database, type Sql } from "./client";
export { runMigrations } from "./migrate";
export { startEmbedded, type EmbeddedServer } from "./embedded";
export * as tables from "./schema";
