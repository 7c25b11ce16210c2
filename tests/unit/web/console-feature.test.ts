import { describe, expect, it } from 'vitest';
import { combineStaffDesks, routeByChannel } from '../../../src/composition/console-feature.ts';
import type { StaffDesk } from '../../../src/core/staff-desk.ts';
import type { UserMessenger } from '../../../src/core/user-messenger.ts';

function recordingDesk(name: string, log: string[], fail = false): StaffDesk {
  const record = async (what: string) => {
    log.push(`${name}:${what}`);
    if (fail) throw new Error(`${name} is down`);
  };
  return {
    announceHandoff: (e) => record(`handoff:${e.id}`),
    relayUserMessage: (e) => record(`relay:${e.id}`),
    announceBooking: (e) => record(`booking:${e.id}`),
    announceBookingCancelled: (e) => record(`cancelled:${e.id}`),
  };
}

describe('combineStaffDesks', () => {
  it('tells every desk, and still tells the others when one fails, then reports the failure', async () => {
    const log: string[] = [];
    const desk = combineStaffDesks(recordingDesk('slack', log, true), undefined, recordingDesk('web', log));
    await expect(
      desk.announceBookingCancelled({ id: 'b1', bookingId: 'b1', reference: 'C-1' }),
    ).rejects.toThrow('slack is down');
    expect(log).toEqual(['slack:cancelled:b1', 'web:cancelled:b1']);
  });
});

describe('routeByChannel', () => {
  it('pushes through the messenger of the user’s channel and refuses an unknown channel', async () => {
    const sent: string[] = [];
    const web: UserMessenger = { push: async (to, _r, key) => void sent.push(`${to.userId}:${key}`) };
    const messenger = routeByChannel({ web });
    await messenger.push({ channel: 'web', userId: 'u1' }, [{ type: 'text', text: 'こんにちは' }], 'k1');
    await expect(messenger.push({ channel: 'line', userId: 'U1' }, [], 'k2')).rejects.toThrow(/line/);
    expect(sent).toEqual(['u1:k1']);
  });
});
