// The console's calls to its own server. The web user and the staff member are identified by ids kept
// in localStorage; the token (when the console is protected) travels in an HttpOnly cookie set by the server.

export class ApiError extends Error {
  /** @param {number} status @param {string} code */
  constructor(status, code) {
    super(`console API ${status} ${code}`);
    this.status = status;
    this.code = code;
  }
}

/**
 * @param {string} path under /console/api/
 * @param {{ method?: string, body?: unknown, user?: string, staff?: string }} [options]
 */
export async function callApi(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (options.user) headers['x-console-user'] = options.user;
  if (options.staff) headers['x-console-staff'] = options.staff;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/console/api/${path}`, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new ApiError(response.status, typeof payload.error === 'string' ? payload.error : 'unknown');
  return payload;
}

/** Japanese text for a failed call, for the page's status line. */
export function describeApiError(/** @type {unknown} */ error) {
  if (error instanceof ApiError) {
    if (error.status === 401)
      return 'コンソールのトークンが必要です。URL を確認してページを開き直してください。';
    if (error.status === 429) return '混み合っています。少し待ってからもう一度お試しください。';
    if (error.status === 400) return '入力内容を確認してください。';
    return `処理できませんでした（${error.code}）。もう一度お試しください。`;
  }
  return 'サーバーに接続できませんでした。npm start が動いているか確認してください。';
}
