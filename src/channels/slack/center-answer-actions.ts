/**
 * The knowledge-gap loop in Slack (issue 15): 「回答を作成」 on a gap (or `/sanpo answer`) opens the draft
 * modal; its submission stores a draft and posts it to the staff channel; a second staff member approves
 * it there (the drafter cannot), or sends it back; an approved answer can be withdrawn from the same post.
 * 「対応不要」 takes a gap off the list. Only members of a staff channel may do any of it; a refusal is
 * explained to the clicker alone.
 */
import type { App, BlockAction, ButtonAction, RespondFn, ViewSubmitAction, webApi } from '@slack/bolt';
import { z } from 'zod';
import { isAppError } from '../../core/errors.ts';
import type { CenterAnswer, CenterAnswerService, StaffMember } from '../../core/feedback/center-answers.ts';
import { parseSourceUrls } from '../../core/feedback/center-answers.ts';
import { type GapDismissals, topicLabel } from '../../core/feedback/knowledge-gaps.ts';
import type { StaffCenters } from '../../core/handoff/staff-centers.ts';
import type { Logger } from '../../core/ports.ts';
import {
  centerAnswerActionIds,
  draftModal,
  renderCenterAnswerPost,
  renderDraftModal,
} from './center-answer-blocks.ts';
import { notStaffText, parseMetadata, tellPrivately } from './private-reply.ts';
import type { StaffAccess } from './staff-access.ts';

export interface CenterAnswerActionDeps {
  answers: CenterAnswerService;
  dismissals: GapDismissals;
  /** The gap a draft starts from: its question and topic (within retention), by decision id. */
  gapQuestion(decisionId: string): Promise<{ question: string; topic: string | null } | undefined>;
  access: StaffAccess;
  centers: StaffCenters;
  /** Every center a draft may belong to (settings/centers.yaml), in file order. */
  centerList: readonly { id: string; name: string }[];
  /** The default staff channel: where drafts are posted when the modal was opened elsewhere. */
  defaultChannel: string;
  logger: Logger;
}

const Metadata = z.object({ gapDecisionId: z.string().nullable(), channelId: z.string().min(1) });

export function staffMemberOf(user: { id: string; name?: string; username?: string }): StaffMember {
  return { id: `slack:${user.id}`, name: user.name ?? user.username ?? user.id };
}

/** The center of a staff channel when exactly one center works there; otherwise the staff member picks. */
function centerOfChannel(deps: CenterAnswerActionDeps, channelId: string): string | null {
  const own = deps.centerList.filter((c) => deps.centers.resolve(c.id).slackChannel === channelId);
  return own.length === 1 ? own[0]!.id : null;
}

export async function openDraftModal(
  deps: CenterAnswerActionDeps,
  client: webApi.WebClient,
  o: { triggerId: string; channelId: string; gapDecisionId: string | null },
): Promise<void> {
  const gap = o.gapDecisionId === null ? undefined : await deps.gapQuestion(o.gapDecisionId);
  await client.views.open({
    trigger_id: o.triggerId,
    view: renderDraftModal({
      metadata: JSON.stringify({
        gapDecisionId: gap === undefined ? null : o.gapDecisionId,
        channelId: o.channelId,
      }),
      question: gap?.question ?? '',
      topic: topicLabel(gap?.topic ?? null),
      centers: deps.centerList,
      centerId: centerOfChannel(deps, o.channelId),
    }),
  });
}

export function registerCenterAnswerActions(app: App, deps: CenterAnswerActionDeps): void {
  const guarded = (
    actionId: string,
    handle: (args: {
      body: BlockAction<ButtonAction>;
      action: ButtonAction;
      client: webApi.WebClient;
      respond: RespondFn;
      channelId: string;
    }) => Promise<void>,
  ) => {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client, respond }) => {
      await ack();
      // Ephemeral lists (/sanpo gaps) carry the channel they were shown in; the access check is the same.
      const channelId = body.channel?.id ?? body.container?.channel_id;
      if (channelId === undefined || !(await deps.access.isMemberOf(channelId, body.user.id))) {
        await tellPrivately(respond, notStaffText);
        return;
      }
      await handle({ body, action, client, respond, channelId });
    });
  };

  guarded(centerAnswerActionIds.draftFromGap, async ({ body, action, client, channelId }) => {
    // trigger_id expires three seconds after the click: the modal opens here, not from a job.
    await openDraftModal(deps, client, {
      triggerId: body.trigger_id,
      channelId,
      gapDecisionId: action.value ?? null,
    });
  });

  guarded(centerAnswerActionIds.dismissGap, async ({ body, action, respond }) => {
    const ids = (action.value ?? '').split(',').filter((id) => /^[0-9a-f-]{36}$/u.test(id));
    const dismissed = await deps.dismissals.dismiss(ids, staffMemberOf(body.user).id);
    deps.logger.info({ dismissed }, 'knowledge gap dismissed');
    await tellPrivately(respond, '「対応不要」にしました。この質問は一覧に表示されなくなります。');
  });

  const decide = (actionId: string, act: (id: string, by: StaffMember) => Promise<CenterAnswer>) =>
    guarded(actionId, async ({ body, action, client, respond, channelId }) => {
      const id = action.value ?? '';
      try {
        const answer = await act(id, staffMemberOf(body.user));
        const post = renderCenterAnswerPost(answer, deps.centers.name(answer.centerId));
        // A list shown only to the clicker (/sanpo answers) cannot be edited: they are told instead.
        if (body.container?.is_ephemeral === true || body.message?.ts === undefined)
          await tellPrivately(respond, outcomeText[answer.status]);
        else await client.chat.update({ channel: channelId, ts: body.message.ts, ...post });
      } catch (error) {
        if (isAppError(error, 'forbidden')) {
          await tellPrivately(
            respond,
            'ご自身が作成した回答は承認できません。別の担当者が承認してください。',
          );
          return;
        }
        if (isAppError(error, 'conflict') || isAppError(error, 'not_found')) {
          await tellPrivately(
            respond,
            'この回答はすでに対応済みです（承認・差し戻し・取り下げのいずれか）。',
          );
          return;
        }
        throw error;
      }
    });
  const outcomeText: Record<CenterAnswer['status'], string> = {
    draft: '下書きです。',
    approved: '承認しました。この回答は、これから利用者への回答に使われます。',
    rejected: '差し戻しました。この回答は利用者への回答には使われません。',
    withdrawn: '取り下げました。この回答は、いまから利用者への回答に使われません。',
  };
  decide(centerAnswerActionIds.approve, (id, by) => deps.answers.approve(id, by));
  decide(centerAnswerActionIds.reject, (id, by) => deps.answers.reject(id, by));
  decide(centerAnswerActionIds.withdraw, (id, by) => deps.answers.withdraw(id, by));

  app.view<ViewSubmitAction>(draftModal.callbackId, async ({ ack, body, view, client }) => {
    const metadata = Metadata.safeParse(parseMetadata(view.private_metadata));
    if (!metadata.success) {
      await ack({
        response_action: 'errors',
        errors: { [draftModal.questionBlock]: 'もう一度ボタンから開いてください。' },
      });
      return;
    }
    if (!(await deps.access.isStaff(body.user.id))) {
      await ack({ response_action: 'errors', errors: { [draftModal.questionBlock]: notStaffText } });
      return;
    }
    const values = view.state.values;
    const text = (block: string, action: string) => values[block]?.[action]?.value ?? '';
    const centerId = values[draftModal.centerBlock]?.[draftModal.centerAction]?.selected_option?.value;
    if (centerId === undefined || !deps.centerList.some((c) => c.id === centerId)) {
      await ack({
        response_action: 'errors',
        errors: { [draftModal.centerBlock]: 'センターを選んでください。' },
      });
      return;
    }
    let answer: CenterAnswer;
    try {
      answer = await deps.answers.draft(staffMemberOf(body.user), {
        centerId,
        question: text(draftModal.questionBlock, draftModal.questionAction),
        answer: text(draftModal.answerBlock, draftModal.answerAction),
        topic: text(draftModal.topicBlock, draftModal.topicAction) || null,
        sourceUrls: parseSourceUrls(text(draftModal.sourcesBlock, draftModal.sourcesAction)),
        gapDecisionId: metadata.data.gapDecisionId,
      });
    } catch (error) {
      if (!isAppError(error, 'bad_request')) throw error;
      const blockOf = {
        question: draftModal.questionBlock,
        answer: draftModal.answerBlock,
        topic: draftModal.topicBlock,
        sourceUrls: draftModal.sourcesBlock,
      } as Record<string, string>;
      await ack({
        response_action: 'errors',
        errors: Object.fromEntries(
          Object.entries(error.details).map(([field, message]) => [
            blockOf[field] ?? draftModal.answerBlock,
            String(message),
          ]),
        ),
      });
      return;
    }
    await ack();
    // The draft is stored; a failed post is logged and the draft still shows in `/sanpo answers`.
    const channel = deps.access.isStaffChannel(metadata.data.channelId)
      ? metadata.data.channelId
      : deps.defaultChannel;
    try {
      await client.chat.postMessage({
        channel,
        ...renderCenterAnswerPost(answer, deps.centers.name(centerId)),
      });
    } catch (error) {
      deps.logger.warn({ centerAnswerId: answer.id, err: error }, 'center answer post failed');
    }
  });
}
