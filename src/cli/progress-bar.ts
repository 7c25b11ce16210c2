/**
 * A one-line progress bar on a terminal (stderr), nothing when the stream is not a TTY (CI logs, pipes).
 */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressBar {
  update(done: number, total: number, label?: string): void;
  finish(): void;
}

export function createProgressBar(stream: ProgressStream, title: string): ProgressBar {
  if (stream.isTTY !== true) return { update: () => {}, finish: () => {} };
  let drawn = false;
  return {
    update(done, total, label = '') {
      const width = 24;
      const share = total === 0 ? 1 : Math.min(done / total, 1);
      const filled = Math.round(share * width);
      const line = `${title} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${label}`;
      const columns = stream.columns ?? 80;
      stream.write(`\r${line.slice(0, columns - 1).padEnd(Math.min(columns - 1, line.length + 10))}`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
