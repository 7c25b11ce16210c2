/** A Logger that keeps every entry, so tests can check that no message text reaches a log. */
import type { Logger } from '../../../src/core/ports.ts';

export interface RecordingLogger extends Logger {
  entries: { level: string; obj: Record<string, unknown>; msg?: string | undefined }[];
  /** Everything logged, serialised: search it for text that must never be there. */
  dump(): string;
}

export function createRecordingLogger(): RecordingLogger {
  const entries: RecordingLogger['entries'] = [];
  const make = (bindings: Record<string, unknown>): RecordingLogger => {
    const log =
      (level: string) =>
      (obj: Record<string, unknown>, msg?: string): void => {
        entries.push({ level, obj: { ...bindings, ...obj }, msg });
      };
    return {
      entries,
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (more) => make({ ...bindings, ...more }),
      dump: () => JSON.stringify(entries),
    };
  };
  return make({});
}
