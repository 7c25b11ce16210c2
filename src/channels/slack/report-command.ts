/**
 * `/sanpo report [YYYY-MM]`: the program's monthly figures, shown only to the staff member who asked.
 * `/sanpo` alone or `/sanpo help` explains the commands.
 */
import type { App } from '@slack/bolt';
import type { Clock, Logger } from '../../core/ports.ts';
import type { ProgramFiguresSource } from '../../core/reporting/program-figures.ts';
import {
  buildProgramReport,
  formatProgramReport,
  parseReportMonth,
} from '../../core/reporting/program-figures.ts';
import type { StaffAccess } from './staff-access.ts';

export const slashCommand = '/sanpo';

const helpText = [
  '*さんぽアシスタントのコマンド*',
  '`/sanpo report` … 先月の実績（センター別の申込・承諾・引き継ぎ・危機対応・質問の件数）',
  '`/sanpo report 2026-11` … 指定した月の実績',
].join('\n');

export function registerReportCommand(
  app: App,
  deps: {
    access: StaffAccess;
    figures: ProgramFiguresSource;
    centerName(centerId: string | null): string;
    clock: Clock;
    logger: Logger;
  },
): void {
  app.command(slashCommand, async ({ ack, command, respond }) => {
    await ack();
    if (!(await deps.access.isStaff(command.user_id))) {
      await respond({
        response_type: 'ephemeral',
        text: 'このコマンドは、スタッフ用チャンネルのメンバーだけが使えます。',
      });
      return;
    }
    const [verb, month] = command.text.trim().split(/\s+/);
    if (verb !== 'report') {
      await respond({ response_type: 'ephemeral', text: helpText });
      return;
    }
    const period = parseReportMonth(month, deps.clock.now());
    if (period === undefined) {
      await respond({ response_type: 'ephemeral', text: '月は `2026-11` のように指定してください。' });
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
