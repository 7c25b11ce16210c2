/**
 * Adds lock entries for platform-specific optional binaries the registry mirror on our build machines does
 * not serve (Biome's and swc's darwin/win32/musl builds answer 404 there, so `npm install` leaves them out
 * and `npm ci` then refuses the lockfile as out of sync). Each entry carries the os/cpu/libc constraints
 * the package name encodes, so npm skips it on other platforms and fetches it by version where it fits.
 *
 * Run after changing dependencies: `npm install && node scripts/maintenance/complete-lockfile.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  [key: string]: unknown;
}

const lockPath = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages: Record<string, LockEntry> };

const platforms: [RegExp, { os: string; cpu: string; libc?: string }][] = [
  [/darwin-arm64/, { os: 'darwin', cpu: 'arm64' }],
  [/darwin-x64/, { os: 'darwin', cpu: 'x64' }],
  [/android-arm64/, { os: 'android', cpu: 'arm64' }],
  [/android-x64/, { os: 'android', cpu: 'x64' }],
  [/win32-arm64/, { os: 'win32', cpu: 'arm64' }],
  [/win32-ia32/, { os: 'win32', cpu: 'ia32' }],
  [/win32-x64/, { os: 'win32', cpu: 'x64' }],
  [/linux-arm64-musl/, { os: 'linux', cpu: 'arm64', libc: 'musl' }],
  [/linux-x64-musl/, { os: 'linux', cpu: 'x64', libc: 'musl' }],
  [/linux-arm64(-gnu)?$/, { os: 'linux', cpu: 'arm64', libc: 'glibc' }],
  [/linux-arm-gnueabihf/, { os: 'linux', cpu: 'arm' }],
  [/linux-ppc64-gnu/, { os: 'linux', cpu: 'ppc64', libc: 'glibc' }],
  [/linux-s390x-gnu/, { os: 'linux', cpu: 's390x', libc: 'glibc' }],
];

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] !== undefined || lock.packages[`${path}/${key}`] !== undefined) continue;
    const platform = platforms.find(([pattern]) => pattern.test(name))?.[1];
    if (platform === undefined) {
      console.warn(`skipped ${name}: no platform constraint can be read from its name`);
      continue;
    }
    if (!/^\d+\.\d+\.\d+/.test(range)) {
      console.warn(`skipped ${name}: range ${range} is not an exact version`);
      continue;
    }
    lock.packages[key] = {
      version: range,
      cpu: [platform.cpu],
      ...(platform.libc === undefined ? {} : { libc: [platform.libc] }),
      optional: true,
      os: [platform.os],
    };
    added++;
  }
}

const sorted = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(lockPath, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(`added ${added} platform-specific lock entries`);
