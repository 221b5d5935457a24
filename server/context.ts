import type { Clock } from "./clock";
import type { Config } from "./config";
import type { DbHandle } from "./db/client";
import type { Logger } from "./logger";

/** Who is acting: a Matrix user id, or a system actor such as "system:retention". */
export type Actor = string;

/** What every verb receives: verbNoun(ctx, input). */
export interface Ctx {
  db: DbHandle;
  config: Config;
  clock: Clock;
  logger: Logger;
  actor: Actor;
  /** The instance acting, so locks and tasks know who holds them. */
  instanceName: string;
}

export function withDb(ctx: Ctx, db: DbHandle): Ctx {
  return { ...ctx, db };
}

export function withActor(ctx: Ctx, actor: Actor): Ctx {
  return { ...ctx, actor };
}
