import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../../support/db.ts';
import { createScriptedEngine } from '../line/scripted-engine.ts';
import { startTestApp, type TestApp } from './app-harness.ts';

describe(`operations endpoints (${testDbKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${t.app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('serves Prometheus text with HTTP latency labelled by route, not by raw URL', async () => {
    await fetch(`${t.app.url}/healthz`);
    await fetch(`${t.app.url}/no-such-page-${'x'.repeat(20)}?q=1`);
    const res = await fetch(`${t.app.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(
      /sanpo_http_response_seconds_count\{[^}]*route="\/healthz"[^}]*status="2xx"[^}]*\} [1-9]/,
    );
    expect(text).toMatch(
      /sanpo_http_response_seconds_count\{[^}]*route="unmatched"[^}]*status="4xx"[^}]*\} 1/,
    );
    expect(text).not.toContain('no-such-page');
    // Process metrics give the memory figure (RSS) the load benchmark reports.
    expect(text).toContain('sanpo_process_resident_memory_bytes');
  });

  it('exposes the counters other modules record, and queue depth collected at scrape time', async () => {
    const m = t.app.metrics;
    m.webhookEvents('line', 'accepted', 3);
    m.webhookEvents('line', 'duplicate');
    m.webhookEvents('line', 'rejected');
    m.routeDecided('crisis');
    m.handoffOpened('urgent');
    m.modelFallback('triage', 'timeout');
    m.observeReplyLatency('line', 0.4);
    let calls = 0;
    m.setQueueDepthSource(async () => {
      calls++;
      return [{ queue: 'line-inbound', waiting: 7 + calls, active: 1 }];
    });
    const text = await (await fetch(`${t.app.url}/metrics`)).text();
    expect(text).toMatch(/sanpo_webhook_events_total\{[^}]*channel="line"[^}]*outcome="accepted"[^}]*\} 3/);
    expect(text).toMatch(/sanpo_webhook_events_total\{[^}]*outcome="duplicate"[^}]*\} 1/);
    expect(text).toMatch(/sanpo_routes_decided_total\{[^}]*route="crisis"[^}]*\} 1/);
    expect(text).toMatch(/sanpo_handoffs_opened_total\{[^}]*urgency="urgent"[^}]*\} 1/);
    expect(text).toMatch(/sanpo_model_fallbacks_total\{[^}]*call="triage"[^}]*reason="timeout"[^}]*\} 1/);
    expect(text).toMatch(
      /sanpo_reply_latency_seconds_bucket\{[^}]*le="0.5"[^}]*channel="line"|channel="line"[^}]*le="0.5"[^}]*\} 1/,
    );
    expect(text).toMatch(/sanpo_queue_jobs\{[^}]*queue="line-inbound"[^}]*state="waiting"[^}]*\} 8/);
    const again = await (await fetch(`${t.app.url}/metrics`)).text();
    expect(again).toMatch(/sanpo_queue_jobs\{[^}]*state="waiting"[^}]*\} 9/);
  });

  it('keeps serving the other metrics when the queue-depth query fails, and counts the failure', async () => {
    t.app.metrics.setQueueDepthSource(async () => {
      throw new Error('database gone');
    });
    const res = await fetch(`${t.app.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toMatch(/sanpo_queue_jobs\{/);
    expect(text).toMatch(/sanpo_metrics_collect_errors_total\{[^}]*metric="sanpo_queue_jobs"[^}]*\} 1/);
    expect(text).toContain('sanpo_webhook_events_total');
  });
});

describe(`metrics recorded by a running LINE app (${testDbKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ line: true, app: { engine: createScriptedEngine() } });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('counts routes decided by the engine and the inbox backlog, and times the webhook', async () => {
    const user = `U${randomBytes(16).toString('hex')}`;
    const body = {
      destination: `U${'0'.repeat(32)}`,
      events: [
        {
          type: 'message',
          mode: 'active',
          timestamp: Date.now(),
          source: { type: 'user', userId: user },
          webhookEventId: randomBytes(13).toString('hex').toUpperCase(),
          deliveryContext: { isRedelivery: false },
          replyToken: t.line!.issueReplyToken({ to: user }),
          message: { type: 'text', id: '1', quoteToken: 'q', text: 'こんにちは' },
        },
      ],
    };
    expect((await t.postLine(body)).status).toBe(200);
    const deadline = Date.now() + 30_000;
    while (t.line!.deliveriesTo(user).length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const text = await (await fetch(`${t.app.url}/metrics`)).text();
    // The scripted engine routes every text to `answer`.
    expect(text).toMatch(/sanpo_routes_decided_total\{[^}]*route="answer"[^}]*\} 1/);
    expect(text).toMatch(
      /sanpo_http_response_seconds_count\{[^}]*route="\/webhooks\/line"[^}]*status="2xx"[^}]*\} 1/,
    );
    // pg-boss's conversation queue is listed once the queue has run.
    expect(text).toMatch(/sanpo_queue_jobs\{[^}]*queue="line-conversation"/);
  });
});
