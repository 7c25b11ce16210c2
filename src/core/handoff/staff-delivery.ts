/**
 * Delivering handoff events to staff after the turn committed: announcements (new, or raised to crisis)
 * and the user's messages relayed to the case thread. The StaffDesk is idempotent per event id, so a
 * retry after a crash or an outage never posts twice; whatever failed stays pending in the database and
 * `deliverPendingStaffEvents` (run periodically) sends it later.
 */
import type { ConversationStore, PendingRelay } from '../conversation/conversation-store.ts';
import { toAppError } from '../errors.ts';
import type { Clock, Logger } from '../ports.ts';
import type { StaffDesk } from '../staff-desk.ts';
import type { CenterRef } from './center-match.ts';
import type { HandoffRecord, HandoffRepository } from './handoff-repository.ts';

export interface StaffDeliveryDeps {
  store: ConversationStore;
  handoffs: HandoffRepository;
  staffDesk: StaffDesk;
  centers: readonly CenterRef[];
  clock: Clock;
  logger: Logger;
}

/** One id per handoff and level: raising a handoff to crisis is a new announcement, a retry is not. */
export function announcementId(handoff: Pick<HandoffRecord, 'id' | 'route' | 'urgency'>): string {
  return `handoff:${handoff.id}:${handoff.route}:${handoff.urgency}`;
}

export async function announceHandoffRecord(
  deps: StaffDeliveryDeps,
  handoff: HandoffRecord,
  /**
   * reAlertKey: set for a re-alert (e.g. its sequence number), so each re-alert is posted once.
   * takenOver: a watch handoff now needs a person (same route and urgency, but a new announcement).
   */
  options: { reAlertKey?: string; takenOver?: boolean } = {},
): Promise<void> {
  const reAlert = options.reAlertKey !== undefined;
  const level =
    options.takenOver === true ? `${announcementId(handoff)}:taken-over` : announcementId(handoff);
  const recentMessages = await deps.store.recentLines(handoff.conversationId, 10);
  const center = deps.centers.find((c) => c.id === handoff.centerId);
  await deps.staffDesk.announceHandoff({
    id: reAlert ? `${level}:realert:${options.reAlertKey}` : level,
    handoffId: handoff.id,
    urgency: handoff.urgency,
    route: handoff.route,
    centerId: handoff.centerId,
    user: { channel: handoff.channel, userId: handoff.userId },
    summary: handoff.summary,
    recentMessages,
    workplace: center === undefined ? {} : { 都道府県: center.prefecture },
    reAlert,
  });
  if (!reAlert) await deps.handoffs.markAnnounced(handoff.id, deps.clock.now());
}

export async function relayToStaff(deps: StaffDeliveryDeps, relay: PendingRelay): Promise<void> {
  await deps.staffDesk.relayUserMessage({
    id: `relay:${relay.messageId}`,
    handoffId: relay.handoffId,
    line: relay.line,
  });
  await deps.store.markRelayed(relay.messageId, deps.clock.now());
}

/** Retries announcements and relays that failed; returns counts for the caller's metrics. */
export async function deliverPendingStaffEvents(
  deps: StaffDeliveryDeps,
  options: { olderThanMs?: number; limit?: number } = {},
): Promise<{ delivered: number; failed: number }> {
  const olderThan = new Date(deps.clock.now().getTime() - (options.olderThanMs ?? 30_000));
  const limit = options.limit ?? 20;
  let delivered = 0;
  let failed = 0;
  const attempt = async (what: string, id: string, run: () => Promise<void>) => {
    try {
      await run();
      delivered++;
    } catch (error) {
      failed++;
      deps.logger.error({ code: toAppError(error).code, [what]: id }, 'staff delivery failed; will retry');
    }
  };
  for (const handoff of await deps.handoffs.listUnannounced({ olderThan, limit })) {
    await attempt('handoffId', handoff.id, () => announceHandoffRecord(deps, handoff));
  }
  for (const relay of await deps.store.listPendingRelays({ olderThan, limit })) {
    await attempt('messageId', relay.messageId, () => relayToStaff(deps, relay));
  }
  return { delivered, failed };
}
