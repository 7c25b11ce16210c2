/**
 * The durable job queue as the handoff lifecycle and the staff desk see it. The app's queue
 * (src/infra/queue, pg-boss) implements it; jobs survive restarts, so a re-alert scheduled before a crash
 * still fires after it.
 */
export interface JobScheduler {
  /**
   * Enqueues `name` with `payload` to run after `delayMs` (default now). A second call with the same `key`
   * while the first job exists is a no-op, so callers may schedule again after a crash.
   */
  enqueue(
    name: string,
    payload: Record<string, unknown>,
    options: { key: string; delayMs?: number },
  ): Promise<void>;
}

/** Job names owned by the staff side. */
export const staffJobs = {
  reAlert: 'handoff.realert',
  offHoursNotice: 'handoff.off-hours-notice',
} as const;
