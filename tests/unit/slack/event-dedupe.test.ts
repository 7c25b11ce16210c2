/**
 * The Slack event_id de-duplication middleware. A copy of an event that arrives while the first delivery
 * is still being handled (Slack's http_timeout retry after 3 s) must not be acknowledged on the first's
 * behalf before the first has succeeded: if the first then fails, the acknowledged copy was the last
 * chance and the staff reply would be lost. Found while chasing a staff reply that never reached its user
 * in the crash test on a slow machine.
 */
import { describe, expect, it } from 'vitest';
import { dropRepeatedEvents } from '../../../src/channels/slack/event-dedupe.ts';
import type { SlackEventsRepository } from '../../../src/infra/db/slack-events-repository.ts';

function memoryEvents(): SlackEventsRepository & { seen: Set<string> } {
  const seen = new Set<string>();
  return {
    seen,
    hasSeen: async (id) => seen.has(id),
    markSeen: async (id) => {
      const fresh = !seen.has(id);
      seen.add(id);
      return fresh;
    },
    purgeSeenBefore: async () => 0,
  };
}

const silent = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silent;
  },
} as never;

type Run = (next: () => Promise<void>, retryNum?: number) => Promise<void>;

function setUp(): { run: Run; events: ReturnType<typeof memoryEvents> } {
  const events = memoryEvents();
  const middleware = dropRepeatedEvents({ events, clock: { now: () => new Date() }, logger: silent });
  const run: Run = (next, retryNum = 0) =>
    (middleware as unknown as (args: unknown) => Promise<void>)({
      body: { event_id: 'Ev0001' },
      context: { retryNum },
      next,
    });
  return { run, events };
}

describe('dropRepeatedEvents', () => {
  it('handles an event once and drops a later repeat', async () => {
    const { run, events } = setUp();
    let handled = 0;
    await run(async () => {
      handled++;
    });
    await run(async () => {
      handled++;
    }, 1);
    expect(handled).toBe(1);
    expect(events.seen.has('Ev0001')).toBe(true);
  });

  it('lets a failed first delivery be redone by its retry', async () => {
    const { run } = setUp();
    let handled = 0;
    await expect(
      run(async () => {
        throw new Error('database busy');
      }),
    ).rejects.toThrow('database busy');
    await run(async () => {
      handled++;
    }, 1);
    expect(handled).toBe(1);
  });

  it('does not acknowledge a copy on behalf of a first delivery that then fails', async () => {
    const { run, events } = setUp();
    let failFirst: (error: Error) => void = () => {};
    const first = run(
      () =>
        new Promise<void>((_resolve, reject) => {
          failFirst = reject;
        }),
    );
    await new Promise((r) => setTimeout(r, 10));
    let handledByCopy = 0;
    // The retry arrives while the first is still running…
    const copy = run(async () => {
      handledByCopy++;
    }, 1);
    await new Promise((r) => setTimeout(r, 20));
    // …and then the first fails.
    failFirst(new Error('Slack API 500'));
    await expect(first).rejects.toThrow('Slack API 500');
    // The copy must either have done the work, or fail so that Slack retries again.
    const copyOutcome = await copy.then(
      () => 'ok',
      () => 'failed',
    );
    expect(copyOutcome === 'failed' || (handledByCopy === 1 && events.seen.has('Ev0001'))).toBe(true);
  });

  it('does the work once when two copies pass the database look-up at the same moment', async () => {
    const { run, events } = setUp();
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    events.hasSeen = async (id) => {
      await gate;
      return events.seen.has(id);
    };
    let handled = 0;
    const work = async () => {
      handled++;
      await new Promise((r) => setTimeout(r, 5));
    };
    const both = Promise.all([run(work), run(work, 1)]);
    open();
    await both;
    expect(handled).toBe(1);
  });

  it('acknowledges a copy once the first delivery it waited for succeeded, without doing the work twice', async () => {
    const { run } = setUp();
    let finishFirst: () => void = () => {};
    let handled = 0;
    const first = run(
      () =>
        new Promise<void>((resolve) => {
          finishFirst = () => {
            handled++;
            resolve();
          };
        }),
    );
    await new Promise((r) => setTimeout(r, 10));
    let copySettled = false;
    const copy = run(async () => {
      handled++;
    }, 1).finally(() => {
      copySettled = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    // Still waiting: acknowledging now would lose the event if the first delivery failed.
    expect(copySettled).toBe(false);
    finishFirst();
    await first;
    await copy;
    expect(handled).toBe(1);
  });
});
