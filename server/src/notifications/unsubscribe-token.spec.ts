import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token';

const SECRET = 'a secret of at least thirty-two characters';
const USER = '6f1c1a9e-8d2b-4c4e-9a61-0d5d4b1b2c3d';
const NETWORK = '0b8f6a52-3d1e-4f7a-8a2b-6c9d0e1f2a3b';

describe('unsubscribe tokens', () => {
  it('carry the user and what to stop', () => {
    expect(readUnsubscribeToken(unsubscribeToken({ userId: USER, what: 'email' }, SECRET), SECRET)).toEqual({ userId: USER, what: 'email' });
    expect(readUnsubscribeToken(unsubscribeToken({ userId: USER, what: 'network', networkId: NETWORK }, SECRET), SECRET)).toEqual({
      userId: USER,
      what: 'network',
      networkId: NETWORK,
    });
  });

  it('are refused when signed with another secret, altered, or malformed', () => {
    const token = unsubscribeToken({ userId: USER, what: 'email' }, SECRET);
    expect(readUnsubscribeToken(token, 'another secret of at least thirty-two chars')).toBeNull();
    const [body, signature] = token.split('.');
    const otherUser = Buffer.from(JSON.stringify({ u: NETWORK, w: 'email' })).toString('base64url');
    expect(readUnsubscribeToken(`${otherUser}.${signature}`, SECRET)).toBeNull();
    expect(readUnsubscribeToken(`${body}.${signature.slice(0, -2)}AA`, SECRET)).toBeNull();
    for (const bad of ['', '.', body, `${body}.`, `${token}.extra`, 'not a token at all']) expect(readUnsubscribeToken(bad, SECRET)).toBeNull();
  });
});
