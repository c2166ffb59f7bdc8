import { ownOrigin } from './own-origin';

describe('ownOrigin', () => {
  it('uses loopback when the server listens on every interface', () => {
    expect(ownOrigin({ address: '0.0.0.0', family: 'IPv4', port: 3000 })).toBe('http://127.0.0.1:3000');
    expect(ownOrigin({ address: '::', family: 'IPv6', port: 4100 })).toBe('http://127.0.0.1:4100');
  });

  it('uses the one address the server listens on, bracketing IPv6', () => {
    expect(ownOrigin({ address: '10.0.0.5', family: 'IPv4', port: 3000 })).toBe('http://10.0.0.5:3000');
    expect(ownOrigin({ address: '::1', family: 'IPv6', port: 3000 })).toBe('http://[::1]:3000');
  });

  it('refuses a server that is not on a TCP port', () => {
    expect(() => ownOrigin('/tmp/knotwork.sock')).toThrow(/not listening on a TCP port/);
    expect(() => ownOrigin(null)).toThrow(/not listening on a TCP port/);
  });
});
