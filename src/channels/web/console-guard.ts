/**
 * Who may open the console. Next to LINE or Slack the console shows real people's messages, so every
 * request (page, assets, API) must carry CONSOLE_TOKEN: as `Authorization: Bearer …`, or once as
 * `?token=…`, which is exchanged for an HttpOnly SameSite=Strict cookie and dropped from the address bar.
 * Without a token (a fresh machine, no platform) the console is open, but only to loopback host names,
 * so a web page cannot reach it through DNS rebinding.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const consoleCookieName = 'sanpo_console';

export type GuardOutcome = 'allow' | 'handled';

export interface ConsoleGuardOptions {
  /** CONSOLE_TOKEN; undefined leaves the console open (loopback host names only). */
  token: string | undefined;
  /** The path the cookie is scoped to (the console's mount point). */
  cookiePath: string;
}

/** Checks a request; on refusal it has already answered (401, 421 or a redirect) and returns 'handled'. */
export type ConsoleGuard = (req: IncomingMessage, res: ServerResponse) => GuardOutcome;

export function createConsoleGuard(options: ConsoleGuardOptions): ConsoleGuard {
  const { token, cookiePath } = options;
  if (token === undefined) {
    return (req, res) => {
      if (isLoopbackHost(req.headers.host)) return 'allow';
      refuse(res, 421, 'misdirected', 'このコンソールは localhost からのみ開けます。');
      return 'handled';
    };
  }
  // The cookie holds a value derived from the token, so the token itself never sits in a cookie jar.
  const cookieValue = createHmac('sha256', token).update('sanpo-console-cookie').digest('base64url');
  const matches = (candidate: string | undefined, expected: string) =>
    candidate !== undefined && constantTimeEqual(candidate, expected);

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    const queryToken = url.searchParams.get('token') ?? undefined;
    if (queryToken !== undefined && matches(queryToken, token)) {
      const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
      res.setHeader(
        'set-cookie',
        `${consoleCookieName}=${cookieValue}; Path=${cookiePath}; HttpOnly; SameSite=Strict${secure}`,
      );
      if (req.method === 'GET' || req.method === 'HEAD') {
        // Drop the token from the address bar and history: later requests carry the cookie.
        url.searchParams.delete('token');
        res.writeHead(303, { location: `${url.pathname}${url.search}`, 'cache-control': 'no-store' });
        res.end();
        return 'handled';
      }
      return 'allow';
    }
    if (matches(readBearer(req.headers.authorization), token)) return 'allow';
    if (matches(readCookie(req.headers.cookie, consoleCookieName), cookieValue)) return 'allow';
    res.setHeader('www-authenticate', 'Bearer realm="sanpo-console"');
    refuse(
      res,
      401,
      'unauthorized',
      'コンソールを開くにはトークンが必要です。管理者から受け取った URL（?token=…）で開いてください。',
    );
    return 'handled';
  };
}

/** Compares digests so neither the length nor the content of the token leaks through timing. */
function constantTimeEqual(candidate: string, expected: string): boolean {
  const a = createHmac('sha256', 'compare').update(candidate).digest();
  const b = createHmac('sha256', 'compare').update(expected).digest();
  return timingSafeEqual(a, b);
}

function readBearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name ?? '');
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  const payload = JSON.stringify({ error: code, message });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  });
  res.end(payload);
}
