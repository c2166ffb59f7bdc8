import { MeilisearchUnavailableError, locateMeilisearchBinary } from './meilisearch-binary';

describe('locateMeilisearchBinary', () => {
  it.each([
    ['darwin', 'arm64'],
    ['win32', 'x64'],
    ['linux', 'arm64'],
  ])('on %s %s says in one sentence how to provide Meilisearch', (platform, arch) => {
    let caught: unknown;
    try {
      locateMeilisearchBinary(platform, arch);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MeilisearchUnavailableError);
    const message = (caught as Error).message;
    expect(message).toContain(`${platform} ${arch}`);
    expect(message).toContain('MEILI_URL');
    expect(message).toContain('docker compose');
  });

  it('finds an executable binary on Linux x64', () => {
    const binary = locateMeilisearchBinary('linux', 'x64');
    expect(binary).toMatch(/meilisearch-linux-amd64\/meilisearch$/);
  });
});
