/**
 * `/sanpo report [YYYY-MM]`: the program's monthly figures; `/sanpo gaps [YYYY-MM]`: the month's
 * unanswered and low-rated questions (knowledge-gaps.ts). Shown only to the staff member who asked.
 * `/sanpo` alone or `/sanpo help` explains the commands.
 */
import type { App } from '@slack/bolt';
import { type GapSource, groupGaps } from '../../core/feedback/knowledge-gaps.ts';
import type { Clock, Logger } from '../../core/ports.ts';
import type { ProgramFiguresSource } from '../../core/reporting/program-figures.ts';
import {
  buildProgramReport,
  formatProgramReport,
  parseReportMonth,
} from '../../core/reporting/program-figures.ts';
import { type CenterAnswerActionDeps, openDraftModal } from './center-answer-actions.ts';
import { renderCenterAnswerSummary, renderGapBlocks } from './center-answer-blocks.ts';
import type { StaffAccess } from './staff-access.ts';

export const slashCommand = '/sanpo';

const helpText = [
  '*さんぽアシスタントのコマンド*',
  '`/sanpo report` … 先月の実績（センター別の申込・承諾・引き継ぎ・危機対応・質問の件数）',
  '`/sanpo report 2026-11` … 指定した月の実績',
  '`/sanpo gaps` … 今月、資料で回答できなかった質問と「役に立たなかった」と評価された回答（似た質問をまとめて件数つき）',
  '`/sanpo gaps 2026-11` … 指定した月の同じ一覧',
  '`/sanpo answer` … センターの回答を新しく作成（別の担当者の承認後に利用者への回答に使われます）',
  '`/sanpo answers` … 承認待ちと承認済みのセンターの回答（承認・取り下げ）',
].join('\n');

export function registerReportCommand(
  app: App,
  deps: {
    access: StaffAccess;
    figures: ProgramFiguresSource;
    gaps: GapSource;
    /** The center-answer loop; without it `answer` and `answers` are not offered. */
    centerAnswers?: CenterAnswerActionDeps | undefined;
    centerName(centerId: string | null): string;
    clock: Clock;
    logger: Logger;
  },
): void {
  app.command(slashCommand, async ({ ack, command, respond, client }) => {
    await ack();
    if (!(await deps.access.isStaff(command.user_id))) {
      await respond({
        response_type: 'ephemeral',
        text: 'このコマンドは、スタッフ用チャンネルのメンバーだけが使えます。',
      });
      return;
    }
    const [verb, month] = command.text.trim().split(/\s+/);
    const loop = deps.centerAnswers;
    if (verb === 'answer' && loop !== undefined) {
      await openDraftModal(loop, client, {
        triggerId: command.trigger_id,
        channelId: command.channel_id,
        gapDecisionId: null,
      });
      return;
    }
    if (verb === 'answers' && loop !== undefined) {
      const [drafts, approved] = await Promise.all([
        loop.answers.list('draft', 6),
        loop.answers.list('approved', 6),
      ]);
      const blocks = [...drafts, ...approved].flatMap((a) =>
        renderCenterAnswerSummary(a, deps.centerName(a.centerId)),
      );
      await respond({
        response_type: 'ephemeral',
        text: `承認待ち ${drafts.length} 件・承認済み ${approved.length} 件`,
        blocks: [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: `*センターの回答*　承認待ち ${drafts.length} 件・承認済み ${approved.length} 件（新しい順に最大6件ずつ）`,
            },
          },
          ...blocks,
        ].slice(0, 50),
      });
      return;
    }
    if (verb !== 'report' && verb !== 'gaps') {
      await respond({ response_type: 'ephemeral', text: helpText });
      return;
    }
    const now = deps.clock.now();
    // The figures are for a finished month (the previous one by default); the gaps are worked on now.
    const period = parseReportMonth(
      month ??
        (verb === 'gaps' ? new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 7) : undefined),
      now,
    );
    if (period === undefined) {
      await respond({ response_type: 'ephemeral', text: '月は `2026-11` のように指定してください。' });
      return;
    }
    if (verb === 'gaps') {
      const groups = groupGaps(await deps.gaps.listGaps(period));
      deps.logger.info({ month: period.month, groups: groups.length }, 'knowledge gaps requested in slack');
      await respond({
        response_type: 'ephemeral',
        ...renderGapBlocks(period.month, groups, loop !== undefined),
      });
      return;
    }
    const report = await buildProgramReport(deps.figures, period);
    deps.logger.info({ month: period.month }, 'program report requested in slack');
    await respond({
      response_type: 'ephemeral',
      text: `\`\`\`\n${formatProgramReport(report, deps.centerName)}\n\`\`\``,
    });
  });
}
