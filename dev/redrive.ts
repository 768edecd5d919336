/**
 * `npm run redrive -- --queue critical|bulk [--max n]`: moves a dead-letter queue's messages back
 * to its queue (docs/runbooks/dlq.md).
 * - Locally it asks the running `npm start` (PORT, default 3000): POST /_local/redrive.
 * - On AWS (`--from <dlq-url> --to <queue-url>`, from the stack outputs) it starts SQS's message
 *   move task with the credentials of the shell.
 */
import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startMoveTask } from '#shared/jobs/redrive.ts';
import { postToLocalBackend } from './local-call.ts';

const { values } = parseArgs({
  options: {
    queue: { type: 'string' },
    max: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  },
});

if (values.from !== undefined || values.to !== undefined) {
  if (values.from === undefined || values.to === undefined) {
    console.error('On AWS pass both --from <dead-letter queue URL> and --to <queue URL>');
    process.exit(1);
  }
  const region = /^https:\/\/sqs\.([a-z0-9-]+)\./.exec(values.from)?.[1];
  const client = new SQSClient(region === undefined ? {} : { region });
  const result = await startMoveTask(client, { from: values.from, to: values.to });
  console.log(JSON.stringify(result));
  console.log(
    'Follow it with: aws sqs list-message-move-tasks --source-arn <dead-letter queue ARN>',
  );
} else {
  if (values.queue !== 'critical' && values.queue !== 'bulk') {
    console.error('Pass --queue critical or --queue bulk (locally), or --from and --to (on AWS)');
    process.exit(1);
  }
  const query = new URLSearchParams({ queue: values.queue });
  if (values.max !== undefined) query.set('max', values.max);
  await postToLocalBackend(`/_local/redrive?${query}`);
}
