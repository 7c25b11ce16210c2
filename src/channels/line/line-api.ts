/**
 * The few LINE Messaging API endpoints the product calls, over fetch with a timeout on every request.
 * `@line/bot-sdk` v11 has no timeout and accepts no AbortSignal (docs/decisions/0005), so the requests are
 * made here, shaped by the SDK's own request types. HTTP statuses are returned, not thrown: the caller
 * decides what a 400, 409 or 429 means for its batch. Network failures and timeouts throw AppError.
 */
import type { messagingApi } from '@line/bot-sdk';
import { AppError } from '../../core/errors.ts';

export interface LineApiOptions {
  /** Origin of api.line.me (tests: the emulator). */
  apiBaseUrl: string;
  /** Origin of api-data.line.me (rich menu images). */
  dataApiBaseUrl: string;
  channelAccessToken: string;
  timeoutMs: number;
}

export interface LineResponse {
  status: number;
  body: unknown;
  /** `x-line-request-id` of this call. */
  requestId: string | null;
  /** `x-line-accepted-request-id`: on a 409 for a repeated retry key, the call that was accepted. */
  acceptedRequestId: string | null;
}

export interface LineApi {
  reply(request: messagingApi.ReplyMessageRequest, signal?: AbortSignal): Promise<LineResponse>;
  push(
    request: messagingApi.PushMessageRequest,
    retryKey: string,
    signal?: AbortSignal,
  ): Promise<LineResponse>;
  showLoadingAnimation(request: messagingApi.ShowLoadingAnimationRequest): Promise<LineResponse>;
  createRichMenu(request: messagingApi.RichMenuRequest): Promise<LineResponse>;
  uploadRichMenuImage(richMenuId: string, png: Uint8Array<ArrayBuffer>): Promise<LineResponse>;
  setDefaultRichMenu(richMenuId: string): Promise<LineResponse>;
  listRichMenus(): Promise<LineResponse>;
  deleteRichMenu(richMenuId: string): Promise<LineResponse>;
}

export function createLineApi(options: LineApiOptions): LineApi {
  const call = async (
    base: string,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    init: {
      json?: unknown;
      body?: Uint8Array<ArrayBuffer>;
      contentType?: string;
      headers?: Record<string, string>;
    } = {},
    signal?: AbortSignal,
  ): Promise<LineResponse> => {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.channelAccessToken}`,
      ...init.headers,
    };
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.body !== undefined) {
      headers['content-type'] = init.contentType ?? 'application/octet-stream';
      body = init.body;
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(new URL(path, base), {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal]),
      });
      text = await response.text();
    } catch (error) {
      const timedOut = timeout.aborted;
      throw new AppError(
        timedOut ? 'upstream_timeout' : 'upstream_failed',
        timedOut ? `LINE ${path} timed out after ${options.timeoutMs} ms` : `LINE ${path} failed`,
        { cause: error, details: { path } },
      );
    }
    return {
      status: response.status,
      body: parseBody(text),
      requestId: response.headers.get('x-line-request-id'),
      acceptedRequestId: response.headers.get('x-line-accepted-request-id'),
    };
  };
  const api = options.apiBaseUrl;
  return {
    reply: (request, signal) => call(api, 'POST', '/v2/bot/message/reply', { json: request }, signal),
    push: (request, retryKey, signal) =>
      call(
        api,
        'POST',
        '/v2/bot/message/push',
        { json: request, headers: { 'x-line-retry-key': retryKey } },
        signal,
      ),
    showLoadingAnimation: (request) => call(api, 'POST', '/v2/bot/chat/loading/start', { json: request }),
    createRichMenu: (request) => call(api, 'POST', '/v2/bot/richmenu', { json: request }),
    uploadRichMenuImage: (richMenuId, png) =>
      call(options.dataApiBaseUrl, 'POST', `/v2/bot/richmenu/${encodeURIComponent(richMenuId)}/content`, {
        body: png,
        contentType: 'image/png',
      }),
    setDefaultRichMenu: (richMenuId) =>
      call(api, 'POST', `/v2/bot/user/all/richmenu/${encodeURIComponent(richMenuId)}`),
    listRichMenus: () => call(api, 'GET', '/v2/bot/richmenu/list'),
    deleteRichMenu: (richMenuId) => call(api, 'DELETE', `/v2/bot/richmenu/${encodeURIComponent(richMenuId)}`),
  };
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    // LINE answers JSON; a proxy's HTML error page is kept as-is for the status handling to ignore.
    return text;
  }
}

/** LINE's answer to a reply token that was already used or has expired. */
export function isInvalidReplyToken(response: LineResponse): boolean {
  if (response.status !== 400) return false;
  const message = (response.body as { message?: unknown } | null)?.message;
  return typeof message === 'string' && /invalid reply token/i.test(message);
}

/** Statuses after which the same call may succeed later: rate limits and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
