/**
 * The console's static files (src/channels/web/public): a fixed list read once when the console is
 * mounted, served with a strict Content-Security-Policy (no inline script or style, nothing from
 * another origin), so even a rendering bug cannot run text a user typed.
 */
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';

const publicDir = new URL('./public/', import.meta.url);

const contentTypes: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Every file the page needs; anything else under the console path is a 404. */
const assetNames = [
  'index.html',
  'style.css',
  'chat.css',
  'staff.css',
  'app.js',
  'api.js',
  'dom.js',
  'keyed-cards.js',
  'replies.js',
  'user-chat.js',
  'staff-view.js',
  'staff-handoffs-view.js',
  'staff-bookings-view.js',
  'staff-report-view.js',
  'staff-gaps-view.js',
  'icon.svg',
] as const;

export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface ConsoleAssets {
  /** Answers with the named asset; returns false when there is no such asset. */
  send(res: ServerResponse, name: string, method: string): boolean;
}

export async function loadConsoleAssets(): Promise<ConsoleAssets> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of assetNames) {
    const body = await readFile(new URL(name, publicDir));
    files.set(name, { body, type: contentTypes[name.split('.').pop() ?? ''] ?? 'application/octet-stream' });
  }
  return {
    send(res, name, method) {
      const file = files.get(name);
      if (file === undefined) return false;
      res.writeHead(200, {
        ...securityHeaders(),
        'content-type': file.type,
        'content-length': file.body.length,
        // The page is tiny and changes with the code; revalidating on every load keeps it simple.
        'cache-control': 'no-cache',
      });
      res.end(method === 'HEAD' ? undefined : file.body);
      return true;
    },
  };
}

/** Headers for every console response, API included. */
export function securityHeaders(): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
  };
}
