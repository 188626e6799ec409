import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import type { Jobs } from './jobs/jobs.ts';
import type { Realtime } from './realtime/hub.ts';

export type Clock = () => Date;

/** Everything a request handler may use; tests build their own. */
export type Deps = {
  config: Config;
  db: Db;
  clock: Clock;
  jobs: Jobs;
  realtime: Realtime;
};
