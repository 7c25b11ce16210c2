/**
 * The staff side's durable jobs on the app's JobQueue (pg-boss): the JobScheduler the core schedules
 * through, and the workers for re-alerts and off-hours notices. Queues are `stately`, so a job enqueued
 * twice under the same key (a retry after a crash) waits once.
 */
import { z } from 'zod';
import { type JobScheduler, staffJobs } from '../../core/handoff/job-scheduler.ts';
import type { HandoffLifecycle } from '../../core/handoff/lifecycle.ts';
import type { StaffAlerts } from '../../core/handoff/staff-alerts.ts';
import type { JobQueue } from '../../infra/queue/job-queue.ts';
import { answerMentionJob } from './mention-answer.ts';
import { slackJobs } from './slack-staff-desk.ts';

/**
 * stately: one waiting job per key, so an event enqueued twice is handled by one job. The heartbeat lets
 * another instance (or the restarted one) retry a job whose process died within seconds; without it a job
 * that was running at a crash stays "active" until it expires (10 minutes), and the stately key keeps
 * every later job for the same case waiting behind it (found by the crash test, tests/chaos).
 */
const definition = {
  policy: 'stately',
  retryLimit: 10,
  retryDelaySeconds: 2,
  retryDelayMaxSeconds: 300,
  heartbeatSeconds: 10,
} as const;

/** Creates the Slack job queues; pg-boss refuses jobs for a queue that does not exist yet. */
export async function defineSlackQueues(queue: Pick<JobQueue, 'define'>): Promise<void> {
  await queue.define(slackJobs.post, definition);
  await queue.define(slackJobs.updateCase, definition);
  await queue.define(answerMentionJob, { ...definition, retryLimit: 3 });
}

export function toJobScheduler(queue: Pick<JobQueue, 'enqueue'>): JobScheduler {
  return {
    async enqueue(name, payload, options) {
      await queue.enqueue(name, payload, {
        singletonKey: options.key,
        ...(options.delayMs === undefined ? {} : { delaySeconds: options.delayMs / 1000 }),
      });
    },
  };
}

const ReAlertJob = z.object({ handoffId: z.string().min(1), attempt: z.number().int().min(1) });
const OffHoursJob = z.object({ handoffId: z.string().min(1), nextOpening: z.iso.datetime() });

export async function startStaffJobWorkers(
  queue: JobQueue,
  deps: { lifecycle: Pick<HandoffLifecycle, 'runReAlert'>; alerts: Pick<StaffAlerts, 'runOffHoursNotice'> },
): Promise<void> {
  const definition = {
    policy: 'stately',
    retryLimit: 10,
    retryDelaySeconds: 5,
    retryDelayMaxSeconds: 300,
  } as const;
  await queue.define(staffJobs.reAlert, definition);
  await queue.define(staffJobs.offHoursNotice, definition);
  await queue.work(staffJobs.reAlert, (job) => deps.lifecycle.runReAlert(ReAlertJob.parse(job.data)));
  await queue.work(staffJobs.offHoursNotice, (job) =>
    deps.alerts.runOffHoursNotice(OffHoursJob.parse(job.data)),
  );
}
