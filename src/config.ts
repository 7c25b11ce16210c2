/**
 * One zod schema over the environment, parsed once in main.ts (and by scripts). A missing or invalid value
 * stops start-up with a message naming the variable. Every variable here is listed in README's table.
 */
import { z } from 'zod';
import { AppError } from './core/errors.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const url = z.url();
const optionalUrl = optionalString.pipe(url.optional());

export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    DATABASE_URL: optionalUrl,
    PGLITE_DIR: z.string().default('./data/pglite'),
    CORPUS_DIR: z.string().default('./corpus'),
    SETTINGS_DIR: z.string().default('./settings'),
    PROMPTS_DIR: z.string().default('./prompts'),

    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalUrl,
    CHAT_MODEL: z.string().default('gpt-4.1-mini'),
    EMBEDDING_MODEL: optionalString,
    MODERATION_ENABLED: bool.default(false),
    MODEL_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(8000),

    LINE_CHANNEL_SECRET: optionalString,
    LINE_CHANNEL_ACCESS_TOKEN: optionalString,
    LINE_API_BASE_URL: z.url().default('https://api.line.me'),
    LINE_DATA_API_BASE_URL: z.url().default('https://api-data.line.me'),
    LINE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
    // Conversations this instance processes at once; 0 makes it intake-only (another instance on the same
    // PostgreSQL processes). Unset: see lineWorkerConcurrency().
    LINE_WORKER_CONCURRENCY: z.coerce.number().int().min(0).max(32).optional(),

    SLACK_BOT_TOKEN: optionalString,
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString,
    SLACK_SOCKET_MODE: bool.default(false),
    SLACK_API_URL: z.url().default('https://slack.com/api/'),
    SLACK_STAFF_CHANNEL: optionalString,
    SLACK_ONCALL_GROUP: optionalString,

    HANDOFF_REALERT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    CRISIS_REALERT_MINUTES: z.coerce.number().int().min(1).max(1440).default(3),

    CONSOLE_ENABLED: optionalString.pipe(bool.optional()),
    CONSOLE_TOKEN: optionalString,

    RETENTION_MESSAGE_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    RETENTION_HANDOFF_DAYS: z.coerce.number().int().min(1).max(3650).default(1095),
  })
  .superRefine((c, ctx) => {
    const pairs: [keyof typeof c, keyof typeof c][] = [
      ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN'],
      ['LINE_CHANNEL_ACCESS_TOKEN', 'LINE_CHANNEL_SECRET'],
      ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'],
      ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN'],
    ];
    for (const [set, needed] of pairs) {
      if (c[set] !== undefined && c[needed] === undefined) {
        ctx.addIssue({ code: 'custom', path: [needed], message: `is required when ${set} is set` });
      }
    }
    if (c.SLACK_SOCKET_MODE && c.SLACK_APP_TOKEN === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_APP_TOKEN'],
        message: 'is required when SLACK_SOCKET_MODE=true',
      });
    }
    if (c.SLACK_BOT_TOKEN !== undefined && c.SLACK_STAFF_CHANNEL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_STAFF_CHANNEL'],
        message: 'is required when Slack is set up',
      });
    }
    // PGlite has one owner process: an intake-only instance there would leave every event unanswered.
    if (c.LINE_WORKER_CONCURRENCY === 0 && c.DATABASE_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['LINE_WORKER_CONCURRENCY'],
        message: 'may be 0 (intake only) only with DATABASE_URL, where another instance processes',
      });
    }
    const platformConfigured = c.LINE_CHANNEL_SECRET !== undefined || c.SLACK_BOT_TOKEN !== undefined;
    if (platformConfigured && c.CONSOLE_ENABLED === true && (c.CONSOLE_TOKEN?.length ?? 0) < 16) {
      ctx.addIssue({
        code: 'custom',
        path: ['CONSOLE_TOKEN'],
        message: 'must be at least 16 characters when the console is enabled next to LINE or Slack',
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** Parses the environment; throws an AppError naming every invalid variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new AppError('config_invalid', `Invalid configuration:\n  ${lines.join('\n  ')}`);
}

/**
 * LINE conversations processed at once. Offline a turn is CPU (about 7 ms), and fewer workers keep more of
 * a small machine for answering webhooks quickly: 4. With a model a turn mostly waits on it (one or two
 * calls of a second or more), so 4 workers would cap an instance at about 2 turns a second: 16
 * (README, *Load*, measured with a 1 s model).
 */
export function lineWorkerConcurrency(config: Config): number {
  return config.LINE_WORKER_CONCURRENCY ?? (config.OPENAI_API_KEY === undefined ? 4 : 16);
}

/** The console (web channel) is on by default only when no real platform is configured. */
export function isConsoleEnabled(config: Config): boolean {
  const platformConfigured = config.LINE_CHANNEL_SECRET !== undefined || config.SLACK_BOT_TOKEN !== undefined;
  return config.CONSOLE_ENABLED ?? !platformConfigured;
}
