import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Logger as WorkerLogger, run, type Runner, type TaskList } from 'graphile-worker';
import { DataSource, type EntityManager } from 'typeorm';
import { CONFIG, type Config } from '../config';

/** What a handler is told about the run it is in. */
export interface JobContext {
  jobId: string;
  /** 1 on the first run; more when an earlier run failed and this is a retry. */
  attempt: number;
}

/**
 * A job's handler. Jobs are delivered at least once (a crash after the work and before the queue
 * recorded it runs them again), so every handler must be idempotent. Throwing retries the job
 * later with exponential backoff, up to its maximum number of attempts.
 */
export type JobHandler = (payload: unknown, context: JobContext) => Promise<void>;

export interface AddJobOptions {
  /** When to run it (now when not given). */
  runAt?: Date;
  /**
   * One pending job per key: adding again replaces the pending job's payload (and, with
   * keyMode 'replace', its time; with 'preserve_run_at', the first time stays, which is what
   * batching wants). A job already running is not touched; a new one is queued instead.
   */
  key?: string;
  keyMode?: 'replace' | 'preserve_run_at';
  /** How many times to try before giving up (25 when not given, about three days of backoff). */
  maxAttempts?: number;
  /** The caller's transaction: the job then exists only if that transaction commits. */
  manager?: EntityManager;
}

/** A recurring job in crontab form ("0 7 * * *", UTC), run once per tick across every instance. */
export interface ScheduledJob {
  name: string;
  cron: string;
  /** Run a tick that was missed while no instance was running, if it is at most this old (e.g. '1h'). */
  catchUp?: string;
}

const JOB_NAME = /^[a-z][a-z0-9-]*(:[a-z0-9-]+)*$/;
/** The PostgreSQL schema graphile-worker keeps its tables in (its default). */
export const JOBS_SCHEMA = 'graphile_worker';

/** graphile-worker's messages through Nest's logger; its chatter about polling stays out. */
function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message) => {
    if (level === 'error') logger.error(message);
    else if (level === 'warning') logger.warn(message);
    else if (level === 'info') logger.debug(message);
  });
}

/**
 * Background and scheduled work kept in PostgreSQL (graphile-worker), so that jobs survive a
 * restart and are shared by every instance on the database. Features register handlers while
 * their modules initialise; the worker starts once the app has, and stops (letting running jobs
 * finish) when the app closes. Enqueueing is plain SQL (graphile_worker.add_job) on the caller's
 * connection, so that a job queued inside a transaction exists only if the transaction commits.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly handlers = new Map<string, JobHandler>();
  private readonly schedules: ScheduledJob[] = [];
  private runner: Runner | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly dataSource: DataSource,
  ) {}

  /** Registers the handler of one kind of job; call it from a module's constructor or onModuleInit. */
  register(name: string, handler: JobHandler): void {
    if (!JOB_NAME.test(name)) throw new Error(`A job name is lower-case words separated by ':' or '-', not "${name}".`);
    if (this.handlers.has(name)) throw new Error(`The job "${name}" has two handlers.`);
    if (this.runner) throw new Error(`The job "${name}" was registered after the worker started.`);
    this.handlers.set(name, handler);
  }

  /** Runs job `name` (which needs a handler) on a schedule. */
  schedule(job: ScheduledJob): void {
    if (this.runner) throw new Error(`The schedule of "${job.name}" was given after the worker started.`);
    this.schedules.push(job);
  }

  async add(name: string, payload: object, options: AddJobOptions = {}): Promise<void> {
    const query = options.manager ? options.manager.query.bind(options.manager) : this.dataSource.query.bind(this.dataSource);
    await query(
      `SELECT FROM ${JOBS_SCHEMA}.add_job($1::text, $2::json, run_at => $3::timestamptz, max_attempts => $4::int, job_key => $5::text, job_key_mode => $6::text)`,
      [name, JSON.stringify(payload), options.runAt ?? null, options.maxAttempts ?? null, options.key ?? null, options.key ? (options.keyMode ?? 'replace') : null],
    );
  }

  /**
   * Takes the pending job with this key off the queue (nothing happens when there is none). A job
   * already running finishes, but is not retried; with `manager`, the removal happens only if the
   * caller's transaction commits.
   */
  async remove(key: string, options: { manager?: EntityManager } = {}): Promise<void> {
    const query = options.manager ? options.manager.query.bind(options.manager) : this.dataSource.query.bind(this.dataSource);
    await query(`SELECT FROM ${JOBS_SCHEMA}.remove_job($1::text)`, [key]);
  }

  async onApplicationBootstrap(): Promise<void> {
    // A command-line tool (the reindex) queues jobs like the server does, but leaves running them to the server.
    if (!this.config.runJobWorker) return;
    const taskList: TaskList = {};
    for (const [name, handler] of this.handlers) {
      taskList[name] = (payload, helpers) => handler(payload, { jobId: helpers.job.id, attempt: helpers.job.attempts });
    }
    // A catch-up of a missed tick is called backfill in graphile's crontab; the job key keeps one pending run per schedule.
    const crontab = this.schedules
      .map((job) => `${job.cron} ${job.name} ?jobKey=schedule:${job.name}${job.catchUp ? `&fill=${job.catchUp}` : ''}`)
      .join('\n');
    this.runner = await run({
      connectionString: (this.dataSource.options as { url: string }).url,
      schema: JOBS_SCHEMA,
      taskList,
      crontab,
      concurrency: 4,
      maxPoolSize: 6,
      pollInterval: this.config.jobsPollIntervalMs,
      // The app stops the worker itself (beforeApplicationShutdown), in order with everything else.
      noHandleSignals: true,
      logger: workerLogger(this.logger),
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    await runner?.stop();
  }
}
