/**
 * A handoff case from the staff side, channel-agnostic: claim, relay staff replies, resolve, return to
 * the bot, rate, re-alert. The Slack channel (and later the web console) maps clicks and thread replies to
 * these calls; the user hears about each step through UserMessenger, whose idempotency keys make every
 * call safe to repeat after a crash or a platform retry.
 *
 * Policy (docs/decisions/0006-staff-relay.md): the staff member who claims owns the case; only the owner's
 * thread replies reach the user, other staff may discuss in the thread. Resolve and return are for the
 * owner, or for any staff member while nobody owns the case. Another staff member may take a claimed case
 * over (a shift ends, the owner is away): an explicit, confirmed step, after which only they reply.
 */
import type { Clock, Logger } from '../ports.ts';
import type { StaffDesk } from '../staff-desk.ts';
import type { UserMessenger } from '../user-messenger.ts';
import {
  buildClaimedNotice,
  buildResolvedNotice,
  buildReturnedNotice,
  buildTakenOverNotice,
} from './handoff-replies.ts';
import type { HandoffRecord, HandoffRepository } from './handoff-repository.ts';
import { type JobScheduler, staffJobs } from './job-scheduler.ts';

/** A staff member as the core sees them: `id` is namespaced by channel, e.g. "slack:U0123ABCD". */
export interface StaffMember {
  id: string;
}

export type ClaimOutcome = 'claimed' | 'already-yours' | 'owned-by-other' | 'closed' | 'not-found';
export type TakeOverOutcome =
  | 'taken-over'
  | 'claimed'
  | 'already-yours'
  | 'owned-by-other'
  | 'closed'
  | 'not-found';
export type CloseOutcome = 'closed' | 'already-closed' | 'owned-by-other' | 'not-found';
export type RelayOutcome =
  | 'relayed'
  | 'internal-note'
  | 'not-claimed'
  | 'owned-by-other'
  | 'closed'
  | 'not-found';

export interface HandoffLifecycle {
  claim(handoffId: string, staff: StaffMember): Promise<{ outcome: ClaimOutcome; handoff?: HandoffRecord }>;
  /** Makes `staff` the owner of a claimed case (or claims an open one); `previousOwner` on a change. */
  takeOver(
    handoffId: string,
    staff: StaffMember,
  ): Promise<{ outcome: TakeOverOutcome; handoff?: HandoffRecord; previousOwner?: string }>;
  /** `messageKey` is unique per staff message on its platform (Slack: channel + ts). */
  relayStaffReply(input: {
    handoffId: string;
    staff: StaffMember;
    text: string;
    messageKey: string;
  }): Promise<{ outcome: RelayOutcome; handoff?: HandoffRecord }>;
  resolve(handoffId: string, staff: StaffMember): Promise<{ outcome: CloseOutcome; handoff?: HandoffRecord }>;
  returnToBot(
    handoffId: string,
    staff: StaffMember,
  ): Promise<{ outcome: CloseOutcome; handoff?: HandoffRecord }>;
  /** The user's 1–5 rating after a resolved case; only the case's own user may rate it. */
  rate(handoffId: string, user: { channel: string; userId: string }, rating: number): Promise<boolean>;
  /** Runs the `handoff.realert` job: alerts staff again while nobody has claimed the case. */
  runReAlert(payload: { handoffId: string; attempt: number }): Promise<void>;
}

export interface LifecycleDeps {
  handoffs: HandoffRepository;
  messenger: UserMessenger;
  desk: StaffDesk;
  clock: Clock;
  jobs: JobScheduler;
  logger: Logger;
  /** Minutes between re-alerts, by route. */
  reAlertMinutes: { handoff: number; crisis: number };
  /** Re-alerts after the first announcement; after that the case stays visible in the App Home. */
  maxReAlerts?: number;
  /**
   * Told after a case was claimed or closed, from whichever staff tool: lets each desk redraw its view
   * (Slack's post after a claim in the console). Must be cheap and idempotent (enqueue a job).
   */
  onCaseChanged?: (handoff: HandoffRecord) => Promise<void>;
}

/** 「メモ:」 (half- or full-width colon) or `note:` at the start of a line marks it staff-only. */
const internalNotePattern = /^\s*(メモ\s*[:：]|note\s*[:：])/i;

/**
 * What of a staff message may reach the user. A message whose first line is a note stays internal as a
 * whole (the note heads what follows); otherwise note lines are dropped and the rest is relayed.
 * Null when nothing is left to send.
 */
export function stripInternalNotes(text: string): string | null {
  const lines = text.split('\n');
  if (internalNotePattern.test(lines[0] ?? '')) return null;
  const kept = lines
    .filter((line) => !internalNotePattern.test(line))
    .join('\n')
    .trim();
  return kept === '' ? null : kept;
}

export function createHandoffLifecycle(deps: LifecycleDeps): HandoffLifecycle {
  const { handoffs, messenger, logger, clock } = deps;
  const maxReAlerts = deps.maxReAlerts ?? 3;
  const userOf = (h: HandoffRecord) => ({ channel: h.channel, userId: h.userId });
  const found = async (id: string) => (await handoffs.get(id)) ?? undefined;

  async function close(handoffId: string, staff: StaffMember, status: 'resolved' | 'returned') {
    const current = await found(handoffId);
    if (current === undefined) return { outcome: 'not-found' as const };
    if (!isActive(current)) return { outcome: 'already-closed' as const, handoff: current };
    if (current.claimedBy !== null && current.claimedBy !== staff.id) {
      return { outcome: 'owned-by-other' as const, handoff: current };
    }
    const now = clock.now();
    const closed =
      status === 'resolved'
        ? await handoffs.resolve(handoffId, now)
        : await handoffs.returnToBot(handoffId, now);
    // A concurrent close won; that call told the user (the idempotency key is the same anyway).
    if (closed === null) return { outcome: 'already-closed' as const, handoff: await found(handoffId) };
    const replies = status === 'resolved' ? buildResolvedNotice(handoffId) : buildReturnedNotice();
    await messenger.push(userOf(closed), replies, `handoff:${handoffId}:${status}`);
    await deps.onCaseChanged?.(closed);
    logger.info({ handoffId, status }, 'handoff closed');
    return { outcome: 'closed' as const, handoff: closed };
  }

  async function claimCase(
    handoffId: string,
    staff: StaffMember,
  ): Promise<{ outcome: ClaimOutcome; handoff?: HandoffRecord }> {
    const current = await found(handoffId);
    if (current === undefined) return { outcome: 'not-found' };
    if (!isActive(current)) return { outcome: 'closed', handoff: current };
    if (current.claimedBy === staff.id) {
      // A repeated click or a retry after a crash: make sure the user heard (the key dedupes).
      await messenger.push(userOf(current), buildClaimedNotice(), `handoff:${handoffId}:claimed`);
      return { outcome: 'already-yours', handoff: current };
    }
    if (current.claimedBy !== null) return { outcome: 'owned-by-other', handoff: current };
    const claimed = await handoffs.claim(handoffId, staff.id, clock.now());
    if (claimed === null) {
      const latest = await found(handoffId);
      return {
        outcome: latest?.claimedBy === staff.id ? 'already-yours' : 'owned-by-other',
        handoff: latest,
      };
    }
    await messenger.push(userOf(claimed), buildClaimedNotice(), `handoff:${handoffId}:claimed`);
    await deps.onCaseChanged?.(claimed);
    logger.info({ handoffId }, 'handoff claimed');
    return { outcome: 'claimed', handoff: claimed };
  }

  return {
    claim: claimCase,

    async takeOver(handoffId, staff) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = await found(handoffId);
        if (current === undefined) return { outcome: 'not-found' };
        if (!isActive(current)) return { outcome: 'closed', handoff: current };
        if (current.claimedBy === staff.id) return { outcome: 'already-yours', handoff: current };
        if (current.claimedBy === null) {
          const claimed = await claimCase(handoffId, staff);
          if (claimed.outcome === 'owned-by-other') continue; // someone claimed it meanwhile: take it from them
          return { outcome: claimed.outcome, ...(claimed.handoff ? { handoff: claimed.handoff } : {}) };
        }
        const previousOwner = current.claimedBy;
        const taken = await handoffs.reassign(handoffId, previousOwner, staff.id, clock.now());
        if (taken === null) continue; // the owner changed or the case closed meanwhile: look again
        // Keyed by the new claim time: this take-over's notice is never sent twice, a later take-over's is.
        // A process that dies between the reassignment and this push loses the notice: the retried click
        // finds the case already the clicker's (the staff member is told so, and can write to the user).
        await messenger.push(
          userOf(taken),
          buildTakenOverNotice(),
          `handoff:${handoffId}:taken-over:${taken.claimedAt?.toISOString() ?? ''}`,
        );
        await deps.onCaseChanged?.(taken);
        logger.info({ handoffId }, 'handoff taken over');
        return { outcome: 'taken-over', handoff: taken, previousOwner };
      }
      const latest = await found(handoffId);
      return latest === undefined
        ? { outcome: 'not-found' }
        : {
            outcome: !isActive(latest)
              ? 'closed'
              : latest.claimedBy === staff.id
                ? 'already-yours'
                : 'owned-by-other',
            handoff: latest,
          };
    },

    async relayStaffReply({ handoffId, staff, text, messageKey }) {
      const relayable = stripInternalNotes(text);
      if (relayable === null) return { outcome: 'internal-note' };
      const current = await found(handoffId);
      if (current === undefined) return { outcome: 'not-found' };
      if (!isActive(current)) return { outcome: 'closed', handoff: current };
      if (current.claimedBy === null) return { outcome: 'not-claimed', handoff: current };
      if (current.claimedBy !== staff.id) return { outcome: 'owned-by-other', handoff: current };
      await messenger.push(
        userOf(current),
        [{ type: 'text', text: relayable }],
        `handoff:${handoffId}:staff:${messageKey}`,
      );
      // After the push: a crash in between repeats the relay, whose push the retry key makes a no-op.
      await deps.desk.recordStaffReply?.({
        id: `staff:${messageKey}`,
        handoffId,
        line: { from: 'staff', text: relayable, at: clock.now() },
      });
      logger.info({ handoffId }, 'staff reply relayed');
      return { outcome: 'relayed', handoff: current };
    },

    resolve: (handoffId, staff) => close(handoffId, staff, 'resolved'),
    returnToBot: (handoffId, staff) => close(handoffId, staff, 'returned'),

    async rate(handoffId, user, rating) {
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) return false;
      const current = await found(handoffId);
      if (current === undefined || current.channel !== user.channel || current.userId !== user.userId)
        return false;
      const rated = await handoffs.rate(handoffId, rating);
      if (rated) logger.info({ handoffId, rating }, 'handoff rated');
      return rated;
    },

    async runReAlert({ handoffId, attempt }) {
      const current = await found(handoffId);
      if (current === undefined || current.status !== 'open') return;
      await deps.desk.announceHandoff({
        id: `${handoffId}:realert:${attempt}`,
        handoffId,
        urgency: current.urgency,
        route: current.route,
        centerId: current.centerId,
        user: userOf(current),
        summary: current.summary,
        recentMessages: [],
        workplace: {},
        reAlert: true,
      });
      logger.warn({ handoffId, attempt, route: current.route }, 'handoff not claimed: re-alerted staff');
      if (attempt < maxReAlerts) await scheduleReAlert(deps, current, attempt + 1);
    },
  };
}

function isActive(handoff: HandoffRecord): boolean {
  return handoff.status === 'open' || handoff.status === 'claimed';
}

/** Schedules re-alert number `attempt` for a case; the key makes a repeat after a crash a no-op. */
export async function scheduleReAlert(
  deps: Pick<LifecycleDeps, 'jobs' | 'reAlertMinutes'>,
  handoff: Pick<HandoffRecord, 'id' | 'route'>,
  attempt: number,
): Promise<void> {
  const minutes = deps.reAlertMinutes[handoff.route];
  await deps.jobs.enqueue(
    staffJobs.reAlert,
    { handoffId: handoff.id, attempt },
    { key: `handoff:${handoff.id}:realert:${attempt}`, delayMs: minutes * 60_000 },
  );
}
