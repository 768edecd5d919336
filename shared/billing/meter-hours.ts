/** UTC hours (`yyyy-mm-ddThh`) of meter reporting: which hour a moment is in, and month arithmetic. */
import * as z from 'zod/mini';

/** A UTC hour, `yyyy-mm-ddThh`: the unit meter events are reported in. */
export const meterHourSchema = z
  .string()
  .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3])$/));

export function hourOf(at: Date): string {
  return at.toISOString().slice(0, 13);
}

/** The hour that ended last before `at`: the one the hourly schedule reports. */
export function previousHour(at: Date): string {
  return hourOf(new Date(at.getTime() - 60 * 60 * 1000));
}

export function hourStart(hour: string): Date {
  return new Date(`${hour}:00:00.000Z`);
}

export function monthOfHour(hour: string): string {
  return hour.slice(0, 7);
}

/** The month after `month` (`yyyy-mm`). */
export function followingMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 1)).toISOString().slice(0, 7);
}

/** The month's last hour, e.g. `2026-11-30T23`. */
export function lastHourOfMonth(month: string): string {
  return hourOf(new Date(hourStart(`${followingMonth(month)}-01T00`).getTime() - 1));
}
