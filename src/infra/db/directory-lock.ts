import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { AppError } from '../../core/errors.ts';

export interface DirectoryLock {
  readonly path: string;
  release(): Promise<void>;
}

/**
 * Takes an exclusive lock on a PGlite data directory: a lock file beside it (`<dir>.lock`) created with
 * O_EXCL and holding the owner's pid. A lock left by a dead process (a crash, SIGKILL) is taken over;
 * a live owner makes this throw `db_locked`.
 */
export async function acquireDirectoryLock(dir: string): Promise<DirectoryLock> {
  const path = `${dir.replace(/\/+$/, '')}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(
        JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }),
      );
      await file.close();
      return { path, release: () => unlink(path).catch(() => {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await readOwner(path);
      if (owner !== undefined && isAlive(owner)) {
        throw new AppError(
          'db_locked',
          `The embedded database ${dir} is in use by process ${owner.pid}. Only one process may open it: ` +
            'stop that process, or set DATABASE_URL to share a PostgreSQL server between processes.',
          { details: { pid: owner.pid } },
        );
      }
      await unlink(path).catch(() => {});
    }
  }
  throw new AppError('db_locked', `Could not take the lock ${path}`);
}

async function readOwner(path: string): Promise<{ pid: number; host: string } | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { pid?: unknown; host?: unknown };
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, host: typeof parsed.host === 'string' ? parsed.host : '' };
  } catch {
    // A half-written or unreadable lock file has no live owner we can name; treat it as stale.
    return undefined;
  }
}

function isAlive(owner: { pid: number; host: string }): boolean {
  // A lock written on another host (a shared volume) cannot be checked; respect it.
  if (owner.host !== '' && owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
