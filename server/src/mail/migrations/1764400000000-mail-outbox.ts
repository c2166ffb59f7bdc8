import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every mail the app sends is first a row here, written in the transaction that decided to send
 * it; the `mail:send` job sends it and records when. A job that runs twice finds `sent_at` set and
 * sends nothing, and `key` keeps a caller that retries from queueing the same mail twice.
 */
export class MailOutbox1764400000000 implements MigrationInterface {
  name = 'MailOutbox1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL UNIQUE,
        recipient text NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        unsubscribe_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await db.query(`CREATE INDEX mail_outbox_created_at ON mail_outbox (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE mail_outbox`);
  }
}
