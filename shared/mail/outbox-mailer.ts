/**
 * The local Mailer: one JSON file per message in an outbox directory, named by the job id, so a
 * duplicate delivery cannot write a second file. A developer reads them with `GET /_local/outbox`.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, MailMessage } from './model.ts';

export interface OutboxMail extends MailMessage {
  readonly sentAt: string;
}

/** Job ids become file names: anything but a plain id is refused rather than escaped. */
const safeId = /^[A-Za-z0-9._-]{1,64}$/;

export class OutboxMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: MailMessage): Promise<void> {
    if (!safeId.test(message.id) || message.id.startsWith('.')) {
      throw new Error(`Mail id ${JSON.stringify(message.id)} is not usable as a file name`);
    }
    await mkdir(this.dir, { recursive: true });
    const mail: OutboxMail = { ...message, sentAt: this.now().toISOString() };
    const temporary = join(this.dir, `.${message.id}.${randomUUID()}.tmp`);
    await writeFile(temporary, `${JSON.stringify(mail, null, 2)}\n`);
    try {
      // link() fails when the name exists: of two concurrent deliveries exactly one file appears.
      await link(temporary, join(this.dir, `${message.id}.json`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await unlink(temporary);
    }
  }
}

/** Every mail in the outbox, newest first. */
export async function readOutbox(dir: string): Promise<OutboxMail[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const mails = await Promise.all(
    names
      .filter((name) => name.endsWith('.json') && !name.startsWith('.'))
      .map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as OutboxMail),
  );
  return mails.sort((a, b) => (a.sentAt < b.sentAt ? 1 : a.sentAt > b.sentAt ? -1 : 0));
}
