import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The only reader of process.env. Everything the server can be told comes through here,
 * is checked once at boot, and fails with one sentence that names the variable.
 */
export interface Config {
  port: number;
  dataDir: string;
  /** Set when an external PostgreSQL is used; otherwise the embedded one is started. */
  databaseUrl: string | null;
  /** Set when an external Meilisearch is used; otherwise the embedded one is started. */
  meiliUrl: string | null;
  meiliMasterKey: string | null;
  /** The Meilisearch index Knotwork keeps its documents in (several installations may share one Meilisearch). */
  meiliIndex: string;
  redisUrl: string | null;
  /** The origin browsers use to reach us; state-changing requests from any other origin are refused. */
  publicUrl: URL;
  /** True when PUBLIC_URL was not given, so the loopback names of this port are all accepted. */
  publicUrlIsDefault: boolean;
  sessionSecret: string;
  /** Where mail goes; null writes each message as an .eml file under DATA_DIR/mail instead. */
  smtpUrl: string | null;
  /** The sender of every mail. */
  mailFrom: string;
  /**
   * How long an "immediately" notification mail waits before it is sent: what else arrives in the
   * meantime joins the same mail, and what the person reads meanwhile is left out.
   */
  mailBatchDelayMs: number;
  /** How often the job queue looks for jobs that became due (new jobs are noticed at once). */
  jobsPollIntervalMs: number;
  /** Express's "trust proxy" setting, or false. */
  trustProxy: string | false;
  seedDemo: boolean;
  production: boolean;
  /** Where the built SvelteKit app lives; null when it is not served (API-only tests). */
  webBuildDir: string | null;
  /** The interface to listen on. */
  host: string;
  /** A collaborative document nobody is connected to leaves memory after this long. */
  collabUnloadAfterMs: number;
  /** While a document is being edited, a checkpoint version is kept at most this often. */
  collabCheckpointEveryMs: number;
  /** How many networks one account may create in an hour. */
  networksPerHour: number;
  /** Posts one account may write in a minute (a burst); an hour allows twenty times as many. */
  postsPerMinute: number;
  /** Threads one account may start in an hour. */
  threadsPerHour: number;
  /** New lessons (drafts included) one account may start in an hour. */
  lessonsPerHour: number;
  /** Times one account may join a thread's live room (thread:join) in a minute, over all its sockets. */
  threadJoinsPerMinute: number;
  /** Posts one account may report in an hour. */
  reportsPerHour: number;
  /** Whether this process runs the job queue's worker (a command-line tool like the reindex does not). */
  runJobWorker: boolean;
  /**
   * Whether the search outbox is also drained every minute: the safety net for a wake-up lost to a
   * crash right after a commit. Only a test turns it off, to show that a commit alone wakes the drain.
   */
  searchSafetyDrain: boolean;
  /** Print a machine-readable ready line (KNOTWORK_READY {port}) for scripts that start the server. */
  printReadyLine: boolean;
}

export class ConfigError extends Error {}

function optional(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function parsePort(raw: string | null): number {
  if (raw === null) return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${raw}".`);
  }
  return port;
}

function parseUrl(name: string, raw: string, protocols: string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${raw}".`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}.`);
  }
  return url;
}

function parseBoolean(name: string, raw: string | null, fallback: boolean): boolean {
  if (raw === null) return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, not "${raw}".`);
}

function parseDuration(name: string, raw: string | null, fallback: number): number {
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a whole number of milliseconds, not "${raw}".`);
  return value;
}

function parseCount(name: string, raw: string | null, fallback: number): number {
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a whole number of at least 1, not "${raw}".`);
  return value;
}

function parseIndexName(raw: string | null): string {
  if (raw === null) return 'knotwork';
  // A reindex builds "<name>_next" beside it, so the name leaves room for that within Meilisearch's limit.
  if (!/^[a-zA-Z0-9_-]{1,400}$/.test(raw)) throw new ConfigError(`MEILI_INDEX must be letters, digits, '-' or '_', not "${raw}".`);
  return raw;
}

/**
 * A session secret is needed to hash session and invitation tokens. In production it must be
 * given; on a developer machine one is made once and kept in DATA_DIR so that sessions survive
 * a restart.
 */
function sessionSecretFrom(raw: string | null, dataDir: string, production: boolean): string {
  if (raw !== null) {
    if (raw.length < 32) throw new ConfigError('SESSION_SECRET must be at least 32 characters long.');
    return raw;
  }
  if (production) throw new ConfigError('SESSION_SECRET must be set when NODE_ENV is production.');
  const file = join(dataDir, 'session-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, secret + '\n', { mode: 0o600 });
    return secret;
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const production = env.NODE_ENV === 'production';
  const port = parsePort(optional(env, 'PORT'));
  const dataDirRaw = optional(env, 'DATA_DIR') ?? '.data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);

  const databaseUrl = optional(env, 'DATABASE_URL');
  if (databaseUrl) parseUrl('DATABASE_URL', databaseUrl, ['postgres:', 'postgresql:']);
  const meiliUrl = optional(env, 'MEILI_URL');
  if (meiliUrl) parseUrl('MEILI_URL', meiliUrl, ['http:', 'https:']);
  const redisUrl = optional(env, 'REDIS_URL');
  if (redisUrl) parseUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:']);
  const smtpUrl = optional(env, 'SMTP_URL');
  if (smtpUrl) parseUrl('SMTP_URL', smtpUrl, ['smtp:', 'smtps:']);

  const publicUrlRaw = optional(env, 'PUBLIC_URL');
  const publicUrl = parseUrl('PUBLIC_URL', publicUrlRaw ?? `http://localhost:${port}`, ['http:', 'https:']);

  const trustProxyRaw = optional(env, 'TRUST_PROXY');
  const trustProxy = trustProxyRaw === null || trustProxyRaw === 'false' ? false : trustProxyRaw;

  const webBuildRaw = optional(env, 'WEB_BUILD_DIR');
  const webBuildDir = webBuildRaw === 'none' ? null : resolve(cwd, webBuildRaw ?? resolve(__dirname, '../../../web/build'));

  return {
    port,
    dataDir,
    databaseUrl,
    meiliUrl,
    meiliMasterKey: optional(env, 'MEILI_MASTER_KEY'),
    meiliIndex: parseIndexName(optional(env, 'MEILI_INDEX')),
    redisUrl,
    publicUrl,
    publicUrlIsDefault: publicUrlRaw === null,
    sessionSecret: sessionSecretFrom(optional(env, 'SESSION_SECRET'), dataDir, production),
    smtpUrl,
    mailFrom: optional(env, 'MAIL_FROM') ?? `Knotwork <no-reply@${publicUrl.hostname}>`,
    // Long enough that a burst of replies becomes one mail and that someone already reading the
    // thread gets none; short enough that a mention still feels prompt.
    mailBatchDelayMs: parseDuration('MAIL_BATCH_DELAY_MS', optional(env, 'MAIL_BATCH_DELAY_MS'), 5 * 60_000),
    jobsPollIntervalMs: parseCount('JOBS_POLL_INTERVAL_MS', optional(env, 'JOBS_POLL_INTERVAL_MS'), 1_000),
    trustProxy,
    // The demo's accounts share a published password: never on by default where real people sign in.
    seedDemo: parseBoolean('SEED_DEMO', optional(env, 'SEED_DEMO'), !production),
    production,
    webBuildDir,
    host: optional(env, 'HOST') ?? '0.0.0.0',
    collabUnloadAfterMs: parseDuration('COLLAB_UNLOAD_AFTER_MS', optional(env, 'COLLAB_UNLOAD_AFTER_MS'), 10_000),
    collabCheckpointEveryMs: parseDuration('COLLAB_CHECKPOINT_EVERY_MS', optional(env, 'COLLAB_CHECKPOINT_EVERY_MS'), 5 * 60_000),
    // Far more than setting up a collaborative and its regions in one sitting needs, and few enough
    // that a script (or a stolen session) cannot fill the directory; a national roll-out can raise it.
    networksPerHour: parseCount('NETWORKS_PER_HOUR', optional(env, 'NETWORKS_PER_HOUR'), 20),
    // A lively conversation, never a flood: ten posts in a minute, two hundred in an hour.
    postsPerMinute: parseCount('POSTS_PER_MINUTE', optional(env, 'POSTS_PER_MINUTE'), 10),
    threadsPerHour: parseCount('THREADS_PER_HOUR', optional(env, 'THREADS_PER_HOUR'), 10),
    // A busy afternoon of writing up a learning session is a dozen lessons; a script is thousands, each indexed.
    lessonsPerHour: parseCount('LESSONS_PER_HOUR', optional(env, 'LESSONS_PER_HOUR'), 60),
    // Each join checks access twice and may replay missed events: a page view is one, a reconnect one
    // per open thread, so a person with several tabs stays far below this and a script does not.
    threadJoinsPerMinute: parseCount('THREAD_JOINS_PER_MINUTE', optional(env, 'THREAD_JOINS_PER_MINUTE'), 120),
    // Each report lands in the moderators' queue: enough to flag a run of spam, not to bury the queue.
    reportsPerHour: parseCount('REPORTS_PER_HOUR', optional(env, 'REPORTS_PER_HOUR'), 20),
    runJobWorker: true,
    searchSafetyDrain: parseBoolean('SEARCH_SAFETY_DRAIN', optional(env, 'SEARCH_SAFETY_DRAIN'), true),
    printReadyLine: parseBoolean('KNOTWORK_READY_LINE', optional(env, 'KNOTWORK_READY_LINE'), false),
  };
}

export const CONFIG = Symbol('CONFIG');
