/**
 * The app as a child process that a test can SIGKILL and start again on the same database and port,
 * as a crash and an orchestrator's restart would. Output is kept (the last lines) for failure messages.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

const root = new URL('../../../', import.meta.url).pathname;
/** Exactly what `npm start` runs. */
export const serverEntry = 'src/main.ts';

/** A port nothing listens on right now, for a server process to take. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  /** http://127.0.0.1:<port>, fixed across restarts. */
  readonly url: string;
  readonly running: boolean;
  /** How many times the process was started. */
  readonly starts: number;
  /** The running process's id (undefined when not running). */
  readonly pid: number | undefined;
  start(): Promise<void>;
  /** SIGKILL: no shutdown code runs, as in a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** The last lines of stdout and stderr. */
  tail(lines?: number): string;
  /** Log lines (JSON) of every run so far that have `code` equal to the given one. */
  logsWithCode(code: string): Record<string, unknown>[];
}

export function createServerProcess(options: {
  env: Record<string, string>;
  port: number;
  /** Another entry point (experiments); default `src/main.ts`. */
  entry?: string;
}): ServerProcess {
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  let starts = 0;
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    if (output.length > 100_000) output.splice(0, output.length - 100_000);
  };
  const url = `http://127.0.0.1:${options.port}`;

  return {
    url,
    get running() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    get pid() {
      return child?.pid;
    },
    get starts() {
      return starts;
    },
    async start() {
      starts++;
      const proc = spawn(process.execPath, [options.entry ?? serverEntry], {
        cwd: root,
        env: { ...options.env, PORT: String(options.port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      proc.stdout?.on('data', keep);
      proc.stderr?.on('data', keep);
      exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.tail(40)}`)), 240_000);
        const onData = (chunk: Buffer) => {
          if (chunk.toString('utf8').includes('is running at')) {
            clearTimeout(timer);
            proc.stderr?.off('data', onData);
            resolve();
          }
        };
        proc.stderr?.on('data', onData);
        proc.once('exit', (code, signal) => {
          clearTimeout(timer);
          reject(new Error(`server exited during start (${code ?? signal}):\n${this.tail(40)}`));
        });
      });
    },
    async kill() {
      child?.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child?.kill('SIGTERM');
      return exited;
    },
    tail(lines = 30) {
      return output.slice(-lines).join('\n');
    },
    logsWithCode(code) {
      return output.flatMap((line) => {
        if (!line.includes(`"code":"${code}"`)) return [];
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
    },
  };
}
