import { loadConfig } from './config';

const SECRET = 'a secret of at least thirty-two characters';

describe('SEED_DEMO', () => {
  it('defaults to off in production, where real people sign in (the demo password is published)', () => {
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET }, '/tmp').seedDemo).toBe(false);
  });

  it('defaults to on elsewhere, so that a first start shows something', () => {
    expect(loadConfig({ SESSION_SECRET: SECRET }, '/tmp').seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', SESSION_SECRET: SECRET }, '/tmp').seedDemo).toBe(true);
  });

  it('does what it is told when set, in production too', () => {
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, SEED_DEMO: 'true' }, '/tmp').seedDemo).toBe(true);
    expect(loadConfig({ SESSION_SECRET: SECRET, SEED_DEMO: 'false' }, '/tmp').seedDemo).toBe(false);
  });
});

describe('NETWORKS_PER_HOUR', () => {
  it('defaults to 20, takes a whole number of at least 1, and names itself when it is anything else', () => {
    expect(loadConfig({ SESSION_SECRET: SECRET }, '/tmp').networksPerHour).toBe(20);
    expect(loadConfig({ SESSION_SECRET: SECRET, NETWORKS_PER_HOUR: '500' }, '/tmp').networksPerHour).toBe(500);
    for (const raw of ['0', '-3', '2.5', 'many']) {
      expect(() => loadConfig({ SESSION_SECRET: SECRET, NETWORKS_PER_HOUR: raw }, '/tmp')).toThrow(`NETWORKS_PER_HOUR must be a whole number of at least 1, not "${raw}".`);
    }
  });
});

describe('MAIL_BATCH_DELAY_MS', () => {
  it('defaults to five minutes and takes a whole number of milliseconds', () => {
    expect(loadConfig({ SESSION_SECRET: SECRET }, '/tmp').mailBatchDelayMs).toBe(300_000);
    expect(loadConfig({ SESSION_SECRET: SECRET, MAIL_BATCH_DELAY_MS: '200' }, '/tmp').mailBatchDelayMs).toBe(200);
    expect(() => loadConfig({ SESSION_SECRET: SECRET, MAIL_BATCH_DELAY_MS: 'soon' }, '/tmp')).toThrow('MAIL_BATCH_DELAY_MS must be a whole number of milliseconds, not "soon".');
  });
});
