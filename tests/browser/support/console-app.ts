/**
 * The app exactly as `npm start` runs it without LINE or Slack (startApp composes the knowledge base,
 * staff side, bookings, engine and console), on a fresh database, served on localhost.
 */
import { startTestApp } from '../../integration/ops/app-harness.ts';

export interface ConsoleApp {
  url: string;
  close(): Promise<void>;
}

export async function startConsoleApp(env: Record<string, string> = {}): Promise<ConsoleApp> {
  const t = await startTestApp({ env: { LOG_LEVEL: 'warn', ...env } });
  return {
    // The open console answers loopback host names; localhost is what a person types.
    url: t.app.url.replace('://127.0.0.1:', '://localhost:'),
    close: () => t.close(),
  };
}
