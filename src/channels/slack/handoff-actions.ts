/**
 * The buttons on a handoff post: 担当する / 担当を代わる / 解決 / ボットに戻す. Each click is acknowledged first (over
 * HTTP; in Socket Mode the envelope is acknowledged once the handler finished), checked against staff-channel
 * membership, handed to the channel-agnostic lifecycle, and the post is redrawn by
 * a durable `slack.update-case` job. Refusals are told to the clicker only (ephemeral, via response_url).
 */
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { JobScheduler } from '../../core/handoff/job-scheduler.ts';
import type { HandoffLifecycle, StaffMember } from '../../core/handoff/lifecycle.ts';
import type { Logger } from '../../core/ports.ts';
import { handoffActionIds } from './handoff-blocks.ts';
import { mentionStaff } from './mrkdwn.ts';
import { notStaffText, tellPrivately } from './private-reply.ts';
import { type SlackUpdateJob, slackJobs } from './slack-staff-desk.ts';
import type { StaffAccess } from './staff-access.ts';

export interface HandoffActionDeps {
  lifecycle: HandoffLifecycle;
  access: StaffAccess;
  jobs: JobScheduler;
  logger: Logger;
}

export function registerHandoffActions(app: App, deps: HandoffActionDeps): void {
  const run = (
    actionId: string,
    act: (
      handoffId: string,
      staff: StaffMember,
    ) => Promise<{ outcome: string; handoff?: { claimedBy: string | null; status: string } | undefined }>,
  ) => {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const handoffId = action.value ?? '';
      const channelId = body.channel?.id;
      if (channelId === undefined || !(await deps.access.isMemberOf(channelId, body.user.id))) {
        await tellPrivately(respond, notStaffText);
        return;
      }
      const { outcome, handoff } = await act(handoffId, { id: `slack:${body.user.id}` });
      deps.logger.info({ handoffId, action: actionId, outcome }, 'handoff action');
      const hint =
        outcome === 'taken-over'
          ? '担当を引き継ぎました。以後はあなたのスレッド返信が利用者に届きます。'
          : refusalText(outcome, handoff?.claimedBy ?? null);
      if (hint !== undefined) await tellPrivately(respond, hint);
      // Redraw for the new state (the same key as the lifecycle's onCaseChanged, so one job does it), or,
      // after a refusal, because the clicker saw stale buttons.
      const cause =
        (hint === undefined || outcome === 'taken-over') && handoff !== undefined
          ? handoff.status
          : `refresh:${action.action_ts}`;
      await enqueueRedraw(deps.jobs, handoffId, cause);
    });
  };
  run(handoffActionIds.claim, (id, staff) => deps.lifecycle.claim(id, staff));
  run(handoffActionIds.resolve, (id, staff) => deps.lifecycle.resolve(id, staff));
  run(handoffActionIds.returnToBot, (id, staff) => deps.lifecycle.returnToBot(id, staff));
  run(handoffActionIds.takeOver, (id, staff) => deps.lifecycle.takeOver(id, staff));
}

/** The lifecycle's `onCaseChanged` for Slack: redraw the case's post whichever tool changed it. */
export function redrawSlackPost(
  jobs: JobScheduler,
): (handoff: { id: string; status: string }) => Promise<void> {
  return (handoff) => enqueueRedraw(jobs, handoff.id, handoff.status);
}

export async function enqueueRedraw(jobs: JobScheduler, handoffId: string, cause: string): Promise<void> {
  const job: SlackUpdateJob = { kind: 'handoff', handoffId };
  await jobs.enqueue(slackJobs.updateCase, job, { key: `slack:update:${handoffId}:${cause}` });
}

function refusalText(outcome: string, claimedBy: string | null): string | undefined {
  switch (outcome) {
    case 'owned-by-other':
      return `この相談は ${claimedBy === null ? '別の担当者' : mentionStaff(claimedBy)} が担当しています。操作は担当者だけができます。`;
    case 'closed':
    case 'already-closed':
      return 'この相談はすでに終了しています。';
    case 'not-found':
      return 'この相談の記録が見つかりません。';
    default:
      return undefined;
  }
}
