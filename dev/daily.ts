/**
 * `npm run daily [-- --date yyyy-mm-dd]`: asks the running `npm start` to do what the nightly
 * EventBridge schedule does (POST /_local/daily on PORT, default 3000).
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { date: { type: 'string' } } });
const port = process.env.PORT ?? '3000';
const query = values.date ? `?date=${encodeURIComponent(values.date)}` : '';
const response = await fetch(`http://127.0.0.1:${port}/_local/daily${query}`, {
  method: 'POST',
}).catch((error: unknown) => {
  console.error(`No local backend on port ${port} (start it with npm start): ${String(error)}`);
  process.exit(1);
});
console.log(response.status, await response.text());
if (!response.ok) process.exit(1);
