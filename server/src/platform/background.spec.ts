import { inBackground } from './background';

describe('inBackground', () => {
  it('logs a failure with what was being done, and nothing escapes as an unhandled rejection', async () => {
    const errors: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      inBackground({ error: (message: string) => errors.push(message) }, 're-checking access', Promise.reject(new Error('database went away')));
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^re-checking access failed: Error: database went away/);
  });

  it('says nothing when the work succeeds', async () => {
    const errors: string[] = [];
    inBackground({ error: (message: string) => errors.push(message) }, 'compacting', Promise.resolve(42));
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([]);
  });
});
