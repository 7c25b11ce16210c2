/** Publishes the staff App Home when someone opens the app's Home tab. */
import type { App } from '@slack/bolt';
import type { CenterAnswerService } from '../../core/feedback/center-answers.ts';
import { type GapGroup, type GapSource, groupGaps } from '../../core/feedback/knowledge-gaps.ts';
import type { Clock } from '../../core/ports.ts';
import { parseReportMonth } from '../../core/reporting/program-figures.ts';
import type { StaffDeskRepository } from '../../infra/db/staff-desk-repository.ts';
import { renderNotStaffHome, renderStaffHome } from './home-view.ts';
import type { StaffAccess } from './staff-access.ts';

export interface AppHomeDeps {
  access: StaffAccess;
  desk: StaffDeskRepository;
  centerName(centerId: string): string;
  /** The month's knowledge gaps and the center answers waiting for approval (issue 15). */
  gaps?: { source: GapSource; answers: CenterAnswerService; clock: Clock } | undefined;
}

async function gapsOf(
  gaps: NonNullable<AppHomeDeps['gaps']>,
): Promise<{ groups: GapGroup[]; pending: number }> {
  const now = gaps.clock.now();
  const period = parseReportMonth(new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 7), now)!;
  const [items, drafts] = await Promise.all([gaps.source.listGaps(period), gaps.answers.list('draft', 50)]);
  return { groups: groupGaps(items), pending: drafts.length };
}

export function registerAppHome(app: App, deps: AppHomeDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    if (!(await deps.access.isStaff(event.user))) {
      await client.views.publish({ user_id: event.user, view: renderNotStaffHome() });
      return;
    }
    const [mine, unclaimed, bookings, gaps] = await Promise.all([
      deps.desk.listOpenHandoffs(`slack:${event.user}`, 20),
      deps.desk.listOpenHandoffs(null, 20),
      deps.desk.listPendingBookings(20),
      deps.gaps === undefined ? undefined : gapsOf(deps.gaps),
    ]);
    const view = renderStaffHome({ mine, unclaimed, bookings, gaps, centerName: deps.centerName });
    await client.views.publish({ user_id: event.user, view });
  });
}
