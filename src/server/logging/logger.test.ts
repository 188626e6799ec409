import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createLogger } from './logger.ts';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { stream, text: () => chunks.join('') };
}

describe('server log', () => {
  it('reads readable lines in a terminal and JSON lines elsewhere, unless LOG_FORMAT says', () => {
    expect(loadConfig({}, true).logFormat).toBe('pretty');
    expect(loadConfig({}, false).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'json' }, true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, false).logFormat).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' }, false)).toThrow(/LOG_FORMAT/);
    expect(loadConfig({ LOG_LEVEL: 'warn' }, false).logLevel).toBe('warn');
  });

  it('writes a pretty line a person can read, and keeps to LOG_LEVEL', () => {
    const out = capture();
    const log = createLogger({ logLevel: 'info', logFormat: 'pretty' }, out.stream);
    log.debug('hidden below the level');
    log.info({ port: 3000 }, 'CareTeam is listening');
    const text = out.text();
    expect(text).toMatch(/INFO.*CareTeam is listening/);
    expect(text).toContain('port: 3000');
    expect(text).not.toContain('{"level"');
    expect(text).not.toContain('hidden below the level');
  });

  it('writes one JSON object per line for log collectors', () => {
    const out = capture();
    const log = createLogger({ logLevel: 'warn', logFormat: 'json' }, out.stream);
    log.info('quiet');
    log.warn('heard');
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 40, msg: 'heard' });
  });
});
