/** Calendar months (UTC) of the monthly quota: which one a moment falls in, and when it ends. */

function monthOf(year: number, monthIndex: number): string {
  const date = new Date(Date.UTC(year, monthIndex, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

export interface QuotaPeriod {
  /** `yyyy-mm` of `now`. */
  readonly month: string;
  /** The month 13 back, whose count a take drops so the limiter item keeps a year of history. */
  readonly droppedMonth: string;
  /** Seconds from `now` until the next month begins (rounded up). */
  readonly secondsLeft: number;
  /** Length of the month in seconds (the policy's window). */
  readonly lengthSeconds: number;
}

export function quotaPeriod(nowMs: number): QuotaPeriod {
  const now = new Date(nowMs);
  const year = now.getUTCFullYear();
  const monthIndex = now.getUTCMonth();
  const start = Date.UTC(year, monthIndex, 1);
  const end = Date.UTC(year, monthIndex + 1, 1);
  return {
    month: monthOf(year, monthIndex),
    droppedMonth: monthOf(year, monthIndex - 13),
    secondsLeft: Math.max(1, Math.ceil((end - nowMs) / 1000)),
    lengthSeconds: (end - start) / 1000,
  };
}
