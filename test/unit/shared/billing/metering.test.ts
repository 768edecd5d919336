/**
 * Where the requests meter goes next from where its report stands (month by month, so a missed hour
 * or month loses no count), the hour arithmetic it rests on, and which hours a run may report.
 */
import { describe, expect, it } from 'vitest';
import { meterHourToReport } from '#shared/billing/meter-dispatch.ts';
import { followingMonth, lastHourOfMonth, previousHour } from '#shared/billing/meter-hours.ts';
import type { MeterReport } from '#shared/billing/meter-report.ts';
import { meterEventIdentifier, nextMeterStep } from '#shared/billing/metering.ts';

const report = (lastHour: string, month: string, reported: number): MeterReport => ({
  lastHour,
  month,
  reported,
});

describe('nextMeterStep', () => {
  it('starts with a baseline of the current month: what came before the first run is not billed', () => {
    expect(nextMeterStep(undefined, '2026-12-04T10', '2026-12')).toEqual({
      kind: 'baseline',
      month: '2026-12',
    });
  });

  it("reports an hour of the report's month as the increase over what was reported", () => {
    expect(
      nextMeterStep(report('2026-12-04T09', '2026-12', 40), '2026-12-04T10', '2026-12'),
    ).toEqual({
      kind: 'report',
      hour: '2026-12-04T10',
      month: '2026-12',
      base: 40,
    });
  });

  it('sends a pending event as it is, before anything else', () => {
    const pending = { hour: '2026-12-04T09', month: '2026-12', count: 45, value: 5 };
    expect(
      nextMeterStep(
        { ...report('2026-12-04T08', '2026-12', 40), pending },
        '2026-12-04T10',
        '2026-12',
      ),
    ).toEqual({ kind: 'send', event: pending });
  });

  it('is done with an hour already reported, and with an earlier one', () => {
    const done = report('2026-12-04T10', '2026-12', 40);
    expect(nextMeterStep(done, '2026-12-04T10', '2026-12')).toEqual({ kind: 'done' });
    expect(nextMeterStep(done, '2026-12-04T03', '2026-12')).toEqual({ kind: 'done' });
  });

  it('closes a month at its last hour before reporting the next one', () => {
    const open = report('2026-11-30T20', '2026-11', 70);
    expect(nextMeterStep(open, '2026-12-01T00', '2026-12')).toEqual({
      kind: 'report',
      hour: '2026-11-30T23',
      month: '2026-11',
      base: 70,
    });
    const closed = report('2026-11-30T23', '2026-11', 75);
    expect(nextMeterStep(closed, '2026-12-01T00', '2026-12')).toEqual({
      kind: 'report',
      hour: '2026-12-01T00',
      month: '2026-12',
      base: 0,
    });
  });

  it('reports a whole month the schedule missed at its last hour', () => {
    const closed = report('2026-10-31T23', '2026-10', 75);
    expect(nextMeterStep(closed, '2026-12-02T05', '2026-12')).toEqual({
      kind: 'report',
      hour: '2026-11-30T23',
      month: '2026-11',
      base: 0,
    });
  });

  it("skips an hour of a month before the baseline's (a first run just after midnight)", () => {
    const baseline = report('2026-11-30T23', '2026-12', 3);
    expect(nextMeterStep(baseline, '2026-12-01T00', '2026-12')).toEqual({
      kind: 'report',
      hour: '2026-12-01T00',
      month: '2026-12',
      base: 3,
    });
    expect(
      nextMeterStep(report('2026-11-30T21', '2026-12', 3), '2026-11-30T22', '2026-12'),
    ).toEqual({ kind: 'skip' });
  });
});

describe('meter hours', () => {
  it('knows the last hour of a month, leap years included, and the month after', () => {
    expect(lastHourOfMonth('2026-11')).toBe('2026-11-30T23');
    expect(lastHourOfMonth('2028-02')).toBe('2028-02-29T23');
    expect(followingMonth('2026-12')).toBe('2027-01');
    expect(previousHour(new Date('2027-01-01T00:05:00Z'))).toBe('2026-12-31T23');
  });

  it('identifies an event by tenant, meter and hour within Stripe’s 100 characters', () => {
    const identifier = meterEventIdentifier(
      '01JABCDEFGHJKMNPQRSTVWXYZ0',
      'x'.repeat(50),
      '2026-12-04T10',
    );
    expect(identifier).toBe(`01JABCDEFGHJKMNPQRSTVWXYZ0:${'x'.repeat(50)}:2026-12-04T10`);
    expect(identifier.length).toBeLessThanOrEqual(100);
  });
});

describe('meterHourToReport', () => {
  const at = new Date('2026-12-04T11:05:00Z');

  it('reports the hour that just ended, or a requested one that has begun within 35 days', () => {
    expect(meterHourToReport(at)).toBe('2026-12-04T10');
    expect(meterHourToReport(at, '2026-12-04T11')).toBe('2026-12-04T11');
    expect(meterHourToReport(at, '2026-11-01T00')).toBe('2026-11-01T00');
  });

  it('refuses an hour to come, one older than Stripe takes, and one that is no hour', () => {
    expect(() => meterHourToReport(at, '2026-12-04T12')).toThrow(RangeError);
    expect(() => meterHourToReport(at, '2026-10-25T00')).toThrow(RangeError);
    expect(() => meterHourToReport(at, '2026-12-04')).toThrow(RangeError);
    expect(() => meterHourToReport(at, '2026-02-30T10')).toThrow(RangeError);
  });
});
