/**
 * Wires the local console (issue 7) for the composition root, as booking-feature.ts does for bookings:
 *
 *   const consoleFeature = createConsoleFeature(db);
 *   desk: combineStaffDesks(slackDesk?, consoleFeature.desk)      → give to staff alerts / the engine
 *   messenger: routeByChannel({ line: lineMessenger, web: consoleFeature.messenger })
 *   … build the engine, lifecycle and booking service with them …
 *   if (isConsoleEnabled(config)) await consoleFeature.mount(http, { … })
 *
 * The web desk and messenger are cheap and harmless when the console is off (rows nobody reads, purged
 * by retention); mounting is what exposes data, and only `mount` does that.
 */
import { mountConsole } from '../channels/web/mount-console.ts';
import { createWebUserMessenger } from '../channels/web/web-messenger.ts';
import { createWebStaffDesk } from '../channels/web/web-staff-desk.ts';
import type { Config } from '../config.ts';
import type { BookingService } from '../core/booking/booking-service.ts';
import type { CenterDirectory } from '../core/booking/ports.ts';
import type { ConversationEngine } from '../core/engine.ts';
import { AppError } from '../core/errors.ts';
import type { CenterAnswerService } from '../core/feedback/center-answers.ts';
import type { HandoffRepository } from '../core/handoff/handoff-repository.ts';
import type { HandoffLifecycle } from '../core/handoff/lifecycle.ts';
import type { Channel } from '../core/message.ts';
import type { Clock } from '../core/ports.ts';
import type { StaffDesk } from '../core/staff-desk.ts';
import type { UserMessenger } from '../core/user-messenger.ts';
import type { HttpServer } from '../http/server.ts';
import { createBookingRepository } from '../infra/db/booking-repo.ts';
import type { Db } from '../infra/db/db.ts';
import { createKnowledgeGapsRepository } from '../infra/db/knowledge-gaps.repo.ts';
import { createProgramFiguresRepository } from '../infra/db/program-figures-repository.ts';
import { createWebStaffEventsRepository } from '../infra/db/web-staff-events-repository.ts';
import { createWebTimelineRepository } from '../infra/db/web-timeline-repository.ts';

export interface ConsoleServices {
  config: Pick<Config, 'CONSOLE_TOKEN'>;
  engine: ConversationEngine;
  handoffs: Pick<HandoffRepository, 'get'>;
  lifecycle: HandoffLifecycle;
  bookings: Pick<BookingService, 'accept' | 'proposeAlternative' | 'decline' | 'deskName'>;
  centers: CenterDirectory;
  /** Center answers (issue 15); without them the console has no gaps section. */
  centerAnswers?: CenterAnswerService | undefined;
  clock: Clock;
}

export interface ConsoleFeature {
  /** Pushes to web users land in their console timeline. */
  messenger: UserMessenger;
  /** Records what staff are told, for the console's staff view. */
  desk: StaffDesk;
  mount(http: HttpServer, services: ConsoleServices): Promise<void>;
}

export function createConsoleFeature(db: Db): ConsoleFeature {
  const timeline = createWebTimelineRepository(db);
  const events = createWebStaffEventsRepository(db);
  return {
    messenger: createWebUserMessenger(timeline),
    desk: createWebStaffDesk(events),
    async mount(http, services) {
      const { centers, clock } = services;
      const centerName = (centerId: string | null) =>
        centerId === null ? 'センター未定' : (centers.byId(centerId)?.name ?? centerId);
      await mountConsole(http, {
        token: services.config.CONSOLE_TOKEN,
        engine: services.engine,
        timeline,
        clock,
        staff: {
          handoffs: { lifecycle: services.lifecycle, handoffs: services.handoffs, events, centerName },
          bookings: { service: services.bookings, repo: createBookingRepository(db), centerName },
          report: { source: createProgramFiguresRepository(db), centerName },
          ...(services.centerAnswers === undefined
            ? {}
            : {
                gaps: {
                  gaps: createKnowledgeGapsRepository(db),
                  answers: services.centerAnswers,
                  centers: centers.list().map((c) => ({ id: c.id, name: c.name })),
                  centerName,
                },
              }),
        },
      });
    },
  };
}

/**
 * One desk that tells every staff side (Slack, the console). Each desk is idempotent per event id, so when
 * one fails the whole announcement is retried and the desk that succeeded ignores the repeat.
 */
export function combineStaffDesks(...desks: (StaffDesk | undefined)[]): StaffDesk {
  const present = desks.filter((d): d is StaffDesk => d !== undefined);
  const all = async (call: (desk: StaffDesk) => Promise<void>) => {
    const results = await Promise.allSettled(present.map(call));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  };
  return {
    announceHandoff: (event) => all((d) => d.announceHandoff(event)),
    relayUserMessage: (event) => all((d) => d.relayUserMessage(event)),
    recordStaffReply: (event) => all(async (d) => d.recordStaffReply?.(event)),
    announceBooking: (event) => all((d) => d.announceBooking(event)),
    announceBookingCancelled: (event) => all((d) => d.announceBookingCancelled(event)),
  };
}

/** Sends each push through the messenger of the user's own channel. */
export function routeByChannel(messengers: Partial<Record<Channel, UserMessenger>>): UserMessenger {
  return {
    push(to, replies, key) {
      const target = messengers[to.channel];
      if (target === undefined) {
        return Promise.reject(new AppError('internal', `No messenger for channel ${to.channel}`));
      }
      return target.push(to, replies, key);
    },
  };
}
