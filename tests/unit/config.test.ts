import { describe, expect, it } from 'vitest';
import { isConsoleEnabled, lineWorkerConcurrency, parseConfig } from '../../src/config.ts';
import { isAppError } from '../../src/core/errors.ts';

function configError(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(isAppError(error, 'config_invalid')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected an invalid configuration');
}

describe('parseConfig', () => {
  it('starts with no variables at all: PGlite, no model, console on', () => {
    const config = parseConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(isConsoleEnabled(config)).toBe(true);
  });

  it('names the invalid variable', () => {
    expect(configError({ PORT: 'eighty' })).toContain('PORT');
    expect(configError({ DATABASE_URL: 'not a url' })).toContain('DATABASE_URL');
  });

  it('requires the LINE secret and token together', () => {
    expect(configError({ LINE_CHANNEL_SECRET: 's' })).toContain('LINE_CHANNEL_ACCESS_TOKEN');
  });

  it('allows an intake-only LINE instance (LINE_WORKER_CONCURRENCY=0) only on PostgreSQL', () => {
    expect(configError({ LINE_WORKER_CONCURRENCY: '0' })).toContain('LINE_WORKER_CONCURRENCY');
    const pg = { LINE_WORKER_CONCURRENCY: '0', DATABASE_URL: 'postgres://u@127.0.0.1:5432/d' };
    expect(lineWorkerConcurrency(parseConfig(pg))).toBe(0);
    expect(configError({ LINE_WORKER_CONCURRENCY: '-1' })).toContain('LINE_WORKER_CONCURRENCY');
  });

  it('processes more LINE conversations at once when turns wait on a model, unless told otherwise', () => {
    expect(lineWorkerConcurrency(parseConfig({}))).toBe(4);
    expect(lineWorkerConcurrency(parseConfig({ OPENAI_API_KEY: 'sk-test' }))).toBe(16);
    expect(
      lineWorkerConcurrency(parseConfig({ OPENAI_API_KEY: 'sk-test', LINE_WORKER_CONCURRENCY: '2' })),
    ).toBe(2);
    expect(lineWorkerConcurrency(parseConfig({ LINE_WORKER_CONCURRENCY: '8' }))).toBe(8);
  });

  it('turns the console off next to a real platform unless enabled with a long token', () => {
    const line = { LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't' };
    expect(isConsoleEnabled(parseConfig(line))).toBe(false);
    expect(configError({ ...line, CONSOLE_ENABLED: 'true', CONSOLE_TOKEN: 'short' })).toContain(
      'CONSOLE_TOKEN',
    );
    expect(
      isConsoleEnabled(parseConfig({ ...line, CONSOLE_ENABLED: 'true', CONSOLE_TOKEN: 'x'.repeat(16) })),
    ).toBe(true);
  });
});
