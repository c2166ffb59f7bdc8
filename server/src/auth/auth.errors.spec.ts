import { AuthErrors } from './auth.errors';

describe('AuthErrors.tooManyAttempts', () => {
  it('says how long to wait in whole minutes, in the singular for one', () => {
    expect(AuthErrors.tooManyAttempts(300).message).toBe('Too many attempts. Please wait 5 minutes and try again.');
    expect(AuthErrors.tooManyAttempts(60).message).toBe('Too many attempts. Please wait 1 minute and try again.');
    expect(AuthErrors.tooManyAttempts(61).message).toBe('Too many attempts. Please wait 2 minutes and try again.');
    expect(AuthErrors.tooManyAttempts(5).message).toBe('Too many attempts. Please wait 1 minute and try again.');
  });
});
