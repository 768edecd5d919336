/**
 * `npm run daily [-- --date yyyy-mm-dd]` and `npm run meter [-- --hour yyyy-mm-ddThh]`: ask the
 * running `npm start` to do what the nightly and hourly EventBridge schedules do (POST
 * /_local/daily or /_local/meter on PORT, default 3000).
 */
import { parseArgs } from 'node:util';
import { postToLocalBackend } from './local-call.ts';

/** Each schedule and the one option that picks its period. */
const periodOption = { daily: 'date', meter: 'hour' } as const;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { date: { type: 'string' }, hour: { type: 'string' } },
});
const schedule = positionals[0];
if (schedule !== 'daily' && schedule !== 'meter') {
  console.error(
    'Usage: tsx dev/schedule.ts daily [--date yyyy-mm-dd] | meter [--hour yyyy-mm-ddThh]',
  );
  process.exit(2);
}
const option = periodOption[schedule];
const requested = values[option];
const query = requested ? `?${option}=${encodeURIComponent(requested)}` : '';
await postToLocalBackend(`/_local/${schedule}${query}`);
