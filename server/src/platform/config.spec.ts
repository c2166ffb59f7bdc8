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
