import { SMTPServer } from 'smtp-server';
import { freePort } from './server';

/** One message as an SMTP server received it, with its text decoded enough to search. */
export interface ReceivedMail {
  to: string[];
  raw: string;
  /** Header name (lower case) → value, unfolded. */
  headers: Map<string, string>;
  /** The raw message with quoted-printable undone: what a reader sees, in both parts. */
  decoded: string;
}

/** Undoes quoted-printable (soft line breaks and =XX bytes) so tests can look for words. */
export function decodeQuotedPrintable(raw: string): string {
  const bytes = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

export function parseMail(raw: string, to: string[] = []): ReceivedMail {
  const [head] = raw.split(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  return { to, raw, headers, decoded: decodeQuotedPrintable(raw) };
}

/** A real SMTP listener on a free port that keeps what it receives, for the server's SMTP_URL. */
export class MailCatcher {
  readonly messages: ReceivedMail[] = [];
  private waiters: (() => void)[] = [];
  private server: SMTPServer | null = null;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port = await freePort();
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.messages.push(parseMail(Buffer.concat(chunks).toString('latin1'), session.envelope.rcptTo.map((rcpt) => rcpt.address)));
          for (const wake of this.waiters.splice(0)) wake();
          callback();
        });
      },
    });
    await new Promise<void>((resolveListen) => this.server!.listen(this.port, '127.0.0.1', () => resolveListen()));
  }

  stop(): Promise<void> {
    return new Promise((resolveClose) => (this.server ? this.server.close(() => resolveClose()) : resolveClose()));
  }

  /** Messages to one address. */
  to(address: string): ReceivedMail[] {
    return this.messages.filter((message) => message.to.includes(address));
  }

  /** Waits until `count` messages to `address` have arrived (fails after `timeoutMs`). */
  async waitFor(address: string, count = 1, timeoutMs = 20_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(address).length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} mail(s) to ${address}, got ${this.to(address).length}`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
    return this.to(address);
  }
}
