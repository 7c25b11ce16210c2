/** Publishes the staff App Home when someone opens the app's Home tab. */
import type { App } from '@slack/bolt';
import type { StaffDeskRepository } from '../../infra/db/staff-desk-repository.ts';
import { renderNotStaffHome, renderStaffHome } from './home-view.ts';
import type { StaffAccess } from './staff-access.ts';

export interface AppHomeDeps {
  access: StaffAccess;
  desk: StaffDeskRepository;
  centerName(centerId: string): string;
}

export function registerAppHome(app: App, deps: AppHomeDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    if (!(await deps.access.isStaff(event.user))) {
      await client.views.publish({ user_id: event.user, view: renderNotStaffHome() });
      return;
    }
    const [mine, unclaimed, bookings] = await Promise.all([
      deps.desk.listOpenHandoffs(`slack:${event.user}`, 20),
      deps.desk.listOpenHandoffs(null, 20),
      deps.desk.listPendingBookings(20),
    ]);
    const view = renderStaffHome({ mine, unclaimed, bookings, centerName: deps.centerName });
    await client.views.publish({ user_id: event.user, view });
  });
}
