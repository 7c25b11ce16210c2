/**
 * SIGTERM during traffic: the real server as a child process (`node src/main.ts`) is stopped while several
 * keep-alive clients keep requests in flight. Every request that reached the server gets a whole response;
 * after the signal new connections are refused (never reset half-way), the process exits 0 on its own, and
 * the embedded database's lock is released so the next start is clean.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, testDbKind } from '../../support/db.ts';

const root = new URL('../../../', import.meta.url).pathname;

interface Outcome {
  kind: 'response' | 'refused' | 'broken';
  status?: number;
  detail?: string;
}

function post(agent: Agent, port: number, path: string): Promise<Outcome> {
  return new Promise((resolve) => {
    // POST is never retried by the client on a reused socket, so a reset shows up as 'broken'.
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ kind: 'response', status: res.statusCode ?? 0 }));
      res.on('error', (e) => resolve({ kind: 'broken', detail: e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve(
        e.code === 'ECONNREFUSED' ? { kind: 'refused' } : { kind: 'broken', detail: e.code ?? e.message },
      ),
    );
    req.end('{}');
  });
}

async function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 30_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /running at http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
}

describe(`graceful shutdown on SIGTERM (${testDbKind})`, () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sanpo-term-'));
    const databaseUrl = await createTestDatabaseUrl();
    env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      PORT: '0',
      LOG_LEVEL: 'info',
      PGLITE_DIR: join(dir, 'pglite'),
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finishes in-flight requests, refuses new ones, closes the database and exits 0', async () => {
    const child = spawn(process.execPath, ['src/main.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    const port = await waitForPort(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const outcomes: Outcome[] = [];
    let termAt = Number.POSITIVE_INFINITY;
    let stop = false;
    const clients = Array.from({ length: 8 }, async (_, i) => {
      while (!stop) {
        const t0 = Date.now();
        const outcome = await post(agent, port, i % 2 === 0 ? '/healthz' : '/readyz');
        // For a failure message: when the request started and ended relative to SIGTERM (ms).
        outcome.detail = `${outcome.detail ?? ''} sent@${t0 - termAt} done@${Date.now() - termAt}`;
        outcomes.push(outcome);
        if (outcome.kind === 'refused') await new Promise((r) => setTimeout(r, 20));
      }
    });
    // Let traffic run, then signal while requests are in flight.
    await new Promise((r) => setTimeout(r, 400));
    const sentBefore = outcomes.length;
    termAt = Date.now();
    child.kill('SIGTERM');
    const code = await exited;
    await new Promise((r) => setTimeout(r, 100));
    stop = true;
    await Promise.all(clients);
    agent.destroy();

    expect(code).toBe(0);
    expect(sentBefore).toBeGreaterThan(10);
    const broken = outcomes.filter((o) => o.kind === 'broken');
    expect(broken).toEqual([]);
    expect(outcomes.filter((o) => o.kind === 'response').every((o) => o.status === 405)).toBe(true);
    expect(outcomes.some((o) => o.kind === 'refused')).toBe(true);
    expect(stdout).toContain('"msg":"shutting down"');
    expect(stdout).toContain('"msg":"shut down"');
    if (testDbKind === 'pglite') expect(existsSync(join(dir, 'pglite.lock'))).toBe(false);
  });
});
