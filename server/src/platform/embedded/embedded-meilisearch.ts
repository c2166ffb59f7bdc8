import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { MEILISEARCH_VERSION, MeilisearchUnavailableError, locateMeilisearchBinary } from './meilisearch-binary';
import { commandLineOf, freePort, isAlive, sleep, stopProcess } from './processes';

/**
 * What Meilisearch may use while indexing. Its default (two thirds of the machine's memory) is
 * set aside afresh for every batch, however small: with 24 GB that cost 140–290 ms of CPU (most
 * of it in the kernel) to index one document, and 0.3–3.5 s before a published lesson could be
 * found. With 256 MB one document costs about 30 ms and a full reindex is no slower.
 */
export const MAX_INDEXING_MEMORY = '256Mb';

/**
 * Meilisearch from the npm-shipped official binary, with its data and master key under DATA_DIR.
 * A process left running by a killed Knotwork is found through its pid file and stopped first.
 */
export class EmbeddedMeilisearchServer {
  private readonly logger = new Logger(EmbeddedMeilisearchServer.name);
  private child: ChildProcess | null = null;
  private readonly directory: string;
  private readonly pidFile: string;
  url = '';
  masterKey = '';

  constructor(dataDir: string) {
    this.directory = join(dataDir, 'meilisearch');
    this.pidFile = join(this.directory, 'meilisearch.pid');
  }

  async start(): Promise<{ url: string; masterKey: string }> {
    const binary = locateMeilisearchBinary();
    const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
    if (version !== `meilisearch ${MEILISEARCH_VERSION}`) {
      throw new MeilisearchUnavailableError(
        `Knotwork expects Meilisearch ${MEILISEARCH_VERSION} but the embedded binary says "${version}". Reinstall with npm ci, or set MEILI_URL.`,
      );
    }
    mkdirSync(this.directory, { recursive: true });
    await this.recoverFromCrash(binary);
    this.masterKey = this.readOrCreateMasterKey();
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;

    const child = spawn(
      binary,
      [
        '--db-path', join(this.directory, 'data.ms'),
        '--dump-dir', join(this.directory, 'dumps'),
        '--snapshot-dir', join(this.directory, 'snapshots'),
        '--http-addr', `127.0.0.1:${port}`,
        '--no-analytics',
        '--log-level', 'WARN',
        '--max-indexing-memory', MAX_INDEXING_MEMORY,
      ],
      // The key travels in the environment: a command line is readable by every user of the
      // machine (`ps`), a process's environment only by its owner. Nothing else is passed on, so
      // that MEILI_* variables meant for an external Meilisearch cannot configure this one.
      { stdio: ['ignore', 'ignore', 'pipe'], env: { MEILI_MASTER_KEY: this.masterKey } },
    );
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    writeFileSync(this.pidFile, String(child.pid));

    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`The embedded Meilisearch stopped at start (exit ${child.exitCode}): ${stderr.trim()}`);
      }
      try {
        const response = await fetch(`${this.url}/health`);
        if (response.ok) {
          this.logger.log(`Meilisearch ${MEILISEARCH_VERSION} is running on 127.0.0.1:${port} (data in ${this.directory})`);
          return { url: this.url, masterKey: this.masterKey };
        }
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(`The embedded Meilisearch did not become healthy within 20 s: ${stderr.trim()}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child?.pid && child.exitCode === null) await stopProcess(child.pid, 'SIGTERM', 10_000);
    rmSync(this.pidFile, { force: true });
  }

  private readOrCreateMasterKey(): string {
    const file = join(this.directory, 'master-key');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    const key = randomBytes(24).toString('base64url');
    writeFileSync(file, key + '\n', { mode: 0o600 });
    return key;
  }

  private async recoverFromCrash(binary: string): Promise<void> {
    if (!existsSync(this.pidFile)) return;
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
    const commandLine = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? commandLineOf(pid) : null;
    if (commandLine?.includes(binary) && commandLine.includes(this.directory)) {
      this.logger.warn(`Meilisearch from an earlier start is still running (pid ${pid}); stopping it before starting again.`);
      await stopProcess(pid, 'SIGTERM', 10_000);
    } else {
      this.logger.warn(`Removing a stale Meilisearch pid file left by an earlier start (pid ${pid} is not running).`);
    }
    rmSync(this.pidFile, { force: true });
  }
}
