/**
 * Result output — JSON to stdout and/or a file written atomically (temporary file, then rename) —
 * and progress on stderr: a bar with done/total, rate and ETA on a terminal (or with
 * NNLL_PROGRESS=1), nothing otherwise or with --quiet.
 */

/** Whether progress is shown: a terminal on stderr (or NNLL_PROGRESS=1), and no --quiet. */
export function progressOn(quiet: boolean): boolean {
  if (quiet || process.env.NNLL_PROGRESS === '0') return false;
  return !!process.stderr.isTTY || process.env.NNLL_PROGRESS === '1';
}

/** Progress lines on stderr (a status line redrawn in place on a terminal). */
export function progress(quiet: boolean): (line: string) => void {
  const on = progressOn(quiet);
  const tty = !!process.stderr.isTTY;
  return (line) => {
    if (on) process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
}

export function endProgress(quiet: boolean): void {
  if (progressOn(quiet) && process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}

const clock = (s: number): string => {
  if (!Number.isFinite(s)) return '--:--';
  const t = Math.round(s);
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), sec = t % 60;
  return `${h ? `${h}:${String(m).padStart(2, '0')}` : m}:${String(sec).padStart(2, '0')}`;
};

export interface Bar {
  /** Reports `done` of `total` units; `note` is appended (e.g. the current loss). */
  update(done: number, note?: string): void;
  end(): void;
}

/**
 * A progress bar: `surface [#####.....] 1,200/2,601  340 points/s  ETA 0:04  loss 2.31`.
 * Redrawn at most ten times a second on a terminal, twice a second otherwise.
 */
export function progressBar(label: string, total: number, unit: string, quiet: boolean): Bar {
  const on = progressOn(quiet);
  const tty = !!process.stderr.isTTY;
  const t0 = performance.now();
  let last = -Infinity, startDone = -1;
  const draw = (done: number, note?: string): void => {
    const seconds = (performance.now() - t0) / 1000;
    if (startDone < 0) startDone = done;
    const rate = seconds > 0 ? (done - startDone) / seconds : 0;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const width = 24;
    const filled = total > 0 ? Math.min(width, Math.round((width * done) / total)) : 0;
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const fmt = (n: number) => n.toLocaleString('en-US');
    const line = `${label} ${bar} ${fmt(done)}/${fmt(total)}  ${rate.toFixed(rate < 10 ? 1 : 0)} ${unit}/s  ETA ${clock(eta)}${note ? `  ${note}` : ''}`;
    process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  return {
    update(done, note) {
      if (!on) return;
      const now = performance.now();
      if (done < total && now - last < (tty ? 100 : 500)) return;
      last = now;
      draw(done, note);
    },
    end() {
      if (on && tty) process.stderr.write('\r\x1b[2K');
    },
  };
}
