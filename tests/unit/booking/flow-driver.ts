/** Drives a booking flow turn by turn the way the engine does: keeps the state, passes JSON round-trips. */
import { createBookingFlow } from '../../../src/core/booking/booking-flow.ts';
import type { BookingKind } from '../../../src/core/booking/booking-types.ts';
import type { FlowContext, FlowInput, FlowStep } from '../../../src/core/conversation/flow.ts';
import type { OutboundReply } from '../../../src/core/message.ts';
import { createHarness, type Harness } from './fakes.ts';

export interface Driver extends Harness {
  start(text?: string): Promise<FlowStep>;
  say(text: string): Promise<FlowStep>;
  tap(data: string, params?: Record<string, string>): Promise<FlowStep>;
  state(): unknown;
  pending(): OutboundReply[];
  last: FlowStep | null;
}

export function textOf(step: FlowStep | null): string {
  return (step?.replies ?? [])
    .map((r) =>
      r.type === 'text'
        ? r.text
        : r.type === 'summary'
          ? `${r.title}\n${r.rows.map((row) => `${row.label}: ${row.value}`).join('\n')}`
          : '',
    )
    .join('\n');
}

export function createDriver(kind: BookingKind, options: { userId?: string } = {}): Driver {
  const harness = createHarness();
  const flow = createBookingFlow(kind, { service: harness.service, centers: harness.centers });
  let state: unknown = null;
  let event = 0;
  const ctx = (): FlowContext => ({
    userId: options.userId ?? 'U1',
    channel: 'line',
    isGroup: false,
    now: harness.clock.now(),
    conversationId: 'conv-1',
    eventId: `ev-${++event}`,
  });
  const keep = (step: FlowStep): FlowStep => {
    // The engine stores the state as JSON: make sure it survives the trip.
    state = step.state === null ? null : JSON.parse(JSON.stringify(step.state));
    driver.last = step;
    return step;
  };
  const run = (input: FlowInput) => flow.step(state, input, ctx()).then(keep);
  const driver: Driver = {
    ...harness,
    last: null,
    start: (text) => flow.start(text ? { text } : {}, ctx()).then(keep),
    say: (text) => run({ text }),
    tap: (data, params) => run({ postback: params ? { data, params } : { data } }),
    state: () => state,
    pending: () => flow.pendingPrompt(state),
  };
  return driver;
}
