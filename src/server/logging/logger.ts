import type { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from '../config.ts';

/**
 * The server's logger: one JSON object per line for log collectors, or one readable, coloured line
 * per event for someone watching a terminal. The pretty stream runs in this thread (no worker), so
 * a crash never loses its last lines.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>, destination: Writable = process.stdout): Logger {
  if (config.logFormat === 'json') return pino({ level: config.logLevel }, destination);
  const colorize = destination === process.stdout && process.stdout.isTTY === true;
  return pino({ level: config.logLevel }, pretty({ destination, colorize, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' }));
}
