import type { Config } from '../platform/config';
import { DEVICE_COOKIE_TTL_MS, DeviceCookies } from './device-cookie';

const withSecret = (sessionSecret: string) => new DeviceCookies({ sessionSecret } as Config);
const SECRET = 'a session secret of at least thirty-two characters';

describe('DeviceCookies', () => {
  const devices = withSecret(SECRET);
  const asCookies = (cookie: { name: string; value: string }) => ({ [cookie.name]: cookie.value });

  afterEach(() => jest.useRealTimers());

  it('finds the cookie it issued for the same email, each with an id of its own', () => {
    const first = devices.issue('ana@example.org');
    const second = devices.issue('ana@example.org');
    expect(first.name).toBe(second.name);
    expect(first.name).toMatch(/^knotwork_device_[\w-]{16}$/);
    expect(first.name).not.toContain('ana');
    const firstId = devices.presentedFor('ana@example.org', asCookies(first));
    expect(firstId).toEqual(expect.any(String));
    expect(devices.presentedFor('ana@example.org', asCookies(second))).not.toBe(firstId);
  });

  it("refuses another account's cookie, even under this account's cookie name", () => {
    const bens = devices.issue('ben@example.org');
    expect(devices.nameFor('ben@example.org')).not.toBe(devices.nameFor('ana@example.org'));
    expect(devices.presentedFor('ana@example.org', asCookies(bens))).toBeNull();
    expect(devices.presentedFor('ana@example.org', { [devices.nameFor('ana@example.org')]: bens.value })).toBeNull();
  });

  it('refuses a cookie that was changed, made up, or signed with another secret', () => {
    const cookie = devices.issue('ana@example.org');
    const [id, issuedAt, signature] = cookie.value.split('.');
    const presented = (value: string) => devices.presentedFor('ana@example.org', { [cookie.name]: value });
    expect(presented(`${id}x.${issuedAt}.${signature}`)).toBeNull();
    expect(presented(`${id}.${(parseInt(issuedAt, 36) + 1).toString(36)}.${signature}`)).toBeNull();
    expect(presented(`${id}.${issuedAt}.${signature.slice(1)}`)).toBeNull();
    expect(presented(`${id}.${issuedAt}`)).toBeNull();
    expect(presented(`${cookie.value}.more`)).toBeNull();
    expect(presented('')).toBeNull();
    expect(withSecret('another secret, just as long as the first one').presentedFor('ana@example.org', asCookies(cookie))).toBeNull();
  });

  it('refuses a cookie older than a year', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const cookie = devices.issue('ana@example.org');
    jest.setSystemTime(Date.now() + DEVICE_COOKIE_TTL_MS - 60_000);
    expect(devices.presentedFor('ana@example.org', asCookies(cookie))).not.toBeNull();
    jest.setSystemTime(Date.now() + 120_000);
    expect(devices.presentedFor('ana@example.org', asCookies(cookie))).toBeNull();
  });
});
