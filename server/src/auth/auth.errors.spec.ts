import { AuthErrors } from './auth.errors';

describe('AuthErrors.tooManyAttempts', () => {
  it('says how long to wait in whole minutes, in the singular for one', () => {
    expect(AuthErrors.tooManyAttempts(300).message).toBe('Too many attempts. Please wait 5 minutes and try again.');
    expect(AuthErrors.tooManyAttempts(60).message).toBe('Too many attempts. Please wait 1 minute and try again.');
    expect(AuthErrors.tooManyAttempts(61).message).toBe('Too many attempts. Please wait 2 minutes and try again.');
  });

  it('says seconds under a minute (a slowed-down sign-in waits seconds, not minutes)', () => {
    expect(AuthErrors.tooManyAttempts(30).message).toBe('Too many attempts. Please wait 30 seconds and try again.');
    expect(AuthErrors.tooManyAttempts(1).message).toBe('Too many attempts. Please wait 1 second and try again.');
  });
});
