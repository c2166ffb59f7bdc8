import { ApiClient, PASSWORD, expectErrorShape, newUser, uniqueEmail, type TestUser } from '../support/api';
import { serverForSuite } from '../support/server';

jest.setTimeout(60_000);

const server = serverForSuite();

describe('register', () => {
  it('creates the account (then signing in starts a session with an httpOnly SameSite=Lax cookie) and stores an argon2id hash', async () => {
    const client = new ApiClient(server.url);
    const email = uniqueEmail('Reg');
    const response = await client.post('/api/auth/register', { email: `  ${email.toUpperCase()} `, password: PASSWORD, displayName: ' Ana ' });
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ next: 'sign-in', message: expect.stringMatching(/^If this email address was new/) });
    // Registering does not sign in: that is the next step, with the same credentials.
    expect(response.headers.get('set-cookie')).toBeNull();

    const signedIn = await client.post('/api/auth/login', { email, password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ email: email.toLowerCase(), displayName: 'Ana', organisation: null });
    expect(signedIn.body.passwordHash).toBeUndefined();
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^knotwork_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);

    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(signedIn.body.id);

    const { Client } = await import('pg');
    const db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    const { rows } = await db.query('SELECT password_hash FROM users WHERE id = $1', [signedIn.body.id]);
    const sessions = await db.query('SELECT token_hash FROM sessions WHERE user_id = $1', [signedIn.body.id]);
    await db.end();
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    // Only a keyed hash of the cookie token is stored.
    const token = client.cookie!.split('=')[1];
    expect(sessions.rows.map((row) => row.token_hash)).not.toContain(token);
  });

  it('refuses a short password with a message naming the field and the minimum', async () => {
    const response = await new ApiClient(server.url).post('/api/auth/register', { email: uniqueEmail(), password: 'short', displayName: 'Bo' });
    expectErrorShape(response, 400);
    expect(response.body.message).toMatch(/^password must be at least 10 characters/);
  });

  it('a common password is refused, saying why in plain words', async () => {
    const cases: [password: string, why: RegExp][] = [
      ['password123', /^password is a commonly used password, so it is among the first anyone would try\. Try a short sentence/],
      ['qwertyuiop', /^password is one of the most common passwords/],
      ['1234567890', /^password is one of the most common passwords/],
      ['Password1!', /^password is too close to a commonly used password/],
      ['aaaaaaaaaaaa', /^password repeats the same character/],
      ['abcdefghijk', /^password is a sequence such as "abcd" or "1234"/],
    ];
    for (const [password, why] of cases) {
      const email = uniqueEmail();
      const response = await new ApiClient(server.url).post('/api/auth/register', { email, password, displayName: 'Bo' });
      expectErrorShape(response, 400);
      expect({ password, message: response.body.message }).toEqual({ password, message: expect.stringMatching(why) });
      // Nothing was created.
      expect((await new ApiClient(server.url).post('/api/auth/login', { email, password })).status).toBe(401);
    }
  });

  it('refuses a password made of the person\'s own email address or name', async () => {
    const email = uniqueEmail('amira.haddad');
    const response = await new ApiClient(server.url).post('/api/auth/register', { email, password: email, displayName: 'Amira Haddad' });
    expectErrorShape(response, 400);
    expect(response.body.message).toMatch(/^password contains your name or email address/);
  });

  it('a new password must not be a common one either', async () => {
    const user = await newUser(server.url);
    const response = await user.client.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'iloveyou123' });
    expectErrorShape(response, 400);
    expect(response.body.message).toMatch(/^newPassword is too close to a commonly used password/);
    expect((await new ApiClient(server.url).post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
  });

  it('names each invalid field and refuses unknown ones', async () => {
    const response = await new ApiClient(server.url).post('/api/auth/register', {
      email: 'not-an-email',
      password: PASSWORD,
      displayName: '',
      isAdmin: true,
    });
    expectErrorShape(response, 400, 'request.invalid');
    expect(response.body.fields).toEqual(
      expect.arrayContaining([
        { field: 'isAdmin', message: 'isAdmin is not a field this request accepts' },
        { field: 'email', message: 'email must be a valid email address' },
        { field: 'displayName', message: 'displayName must be 1 to 80 characters' },
      ]),
    );
    expect(response.body.fields).toHaveLength(3);
    expect(response.body.message).toContain('isAdmin is not a field this request accepts');
  });

  it('registration answers the same for a taken email, in about the same time, and leaves the account alone', async () => {
    const owner = await newUser(server.url);
    const register = async (email: string) => {
      const started = performance.now();
      const response = await new ApiClient(server.url).post('/api/auth/register', { email, password: 'another long passphrase', displayName: 'Copy' });
      return { response, ms: performance.now() - started };
    };
    const taken = await register(owner.email.toUpperCase());
    const fresh = await register(uniqueEmail());
    expect(taken.response.status).toBe(fresh.response.status);
    expect(taken.response.status).toBe(202);
    expect(taken.response.body).toEqual(fresh.response.body);
    expect(taken.response.headers.get('set-cookie')).toBeNull();

    // Both hash the password (the slow part), so neither answer is much faster than the other.
    const timings = { taken: [] as number[], fresh: [] as number[] };
    for (let round = 0; round < 5; round++) {
      timings.taken.push((await register(owner.email)).ms);
      timings.fresh.push((await register(uniqueEmail())).ms);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const ratio = median(timings.taken) / median(timings.fresh);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);

    // The account is unchanged: its own password still works, the newcomer's does not.
    expect((await new ApiClient(server.url).post('/api/auth/login', { email: owner.email, password: PASSWORD })).status).toBe(200);
    expect((await new ApiClient(server.url).post('/api/auth/login', { email: owner.email, password: 'another long passphrase' })).status).toBe(401);
  });
});

describe('login and logout', () => {
  it('signs in with the right password and says the same thing for a wrong password and an unknown email', async () => {
    const user = await newUser(server.url);
    const client = new ApiClient(server.url);
    const good = await client.post('/api/auth/login', { email: user.email, password: PASSWORD });
    expect(good.status).toBe(200);
    expect(good.body.id).toBe(user.id);
    expect((await client.get('/api/auth/me')).status).toBe(200);

    const wrongPassword = await new ApiClient(server.url).post('/api/auth/login', { email: user.email, password: 'wrong password!' });
    const unknownEmail = await new ApiClient(server.url).post('/api/auth/login', { email: uniqueEmail(), password: 'wrong password!' });
    expectErrorShape(wrongPassword, 401);
    expectErrorShape(unknownEmail, 401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
  });

  it('logout revokes the session server-side: the old cookie no longer works', async () => {
    const user = await newUser(server.url);
    const stolenCookie = user.client.cookie!;
    expect((await user.client.post('/api/auth/logout')).status).toBe(204);
    const replay = await new ApiClient(server.url).get('/api/auth/me', { cookie: stolenCookie });
    expectErrorShape(replay, 401);
  });

  it('"sign out everywhere" ends every session of the account', async () => {
    const user = await newUser(server.url);
    const laptop = new ApiClient(server.url);
    await laptop.post('/api/auth/login', { email: user.email, password: PASSWORD });
    const sessions = await user.client.get('/api/auth/sessions');
    expect(sessions.body).toHaveLength(2);
    expect(sessions.body.filter((session: { current: boolean }) => session.current)).toHaveLength(1);

    const ended = await user.client.post('/api/auth/logout-everywhere');
    expect(ended.status).toBe(200);
    expect(ended.body.ended).toBe(2);
    expectErrorShape(await laptop.get('/api/auth/me'), 401);
    expectErrorShape(await user.client.get('/api/auth/me'), 401);
  });

  it('ends one other session by id, and refuses ids that are not yours', async () => {
    const user = await newUser(server.url);
    const other = await newUser(server.url);
    const phone = new ApiClient(server.url);
    await phone.post('/api/auth/login', { email: user.email, password: PASSWORD });
    const sessions = await user.client.get('/api/auth/sessions');
    const phoneSession = sessions.body.find((session: { current: boolean }) => !session.current);

    expectErrorShape(await other.client.delete(`/api/auth/sessions/${phoneSession.id}`), 404);
    expect((await user.client.delete(`/api/auth/sessions/${phoneSession.id}`)).status).toBe(204);
    expectErrorShape(await phone.get('/api/auth/me'), 401);
    expect((await user.client.get('/api/auth/me')).status).toBe(200);
    expectErrorShape(await user.client.delete('/api/auth/sessions/not-a-uuid'), 400);
  });

  it('changing the password needs the current one and signs out the other sessions', async () => {
    const user = await newUser(server.url);
    const tablet = new ApiClient(server.url);
    await tablet.post('/api/auth/login', { email: user.email, password: PASSWORD });

    const wrong = await user.client.post('/api/auth/password', { currentPassword: 'nope nope nope', newPassword: 'a brand new password' });
    expectErrorShape(wrong, 400);
    expect(wrong.body.message).toMatch(/^currentPassword is not/);

    expect((await user.client.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' })).status).toBe(204);
    expect((await user.client.get('/api/auth/me')).status).toBe(200);
    expectErrorShape(await tablet.get('/api/auth/me'), 401);
    const relogin = await new ApiClient(server.url).post('/api/auth/login', { email: user.email, password: 'a brand new password' });
    expect(relogin.status).toBe(200);
  });

  it('updates the profile and refuses an empty name', async () => {
    const user = await newUser(server.url);
    const updated = await user.client.patch('/api/users/me', { displayName: 'Dr Ana Ortiz', organisation: 'Patient partner' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ displayName: 'Dr Ana Ortiz', organisation: 'Patient partner' });
    const empty = await user.client.patch('/api/users/me', { displayName: '' });
    expectErrorShape(empty, 400);
    expect(empty.body.message).toMatch(/^displayName/);
    expect((await user.client.get('/api/auth/me')).body.displayName).toBe('Dr Ana Ortiz');
  });
});

describe('sign-in limits', () => {
  /** Moves the clock of every counter about `email` back, as if `seconds` had passed since its last failure. */
  async function letTimePass(email: string, seconds: number): Promise<void> {
    const { Client } = await import('pg');
    const db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE rate_limit_counters SET last_hit_at = last_hit_at - make_interval(secs => $2) WHERE position($1 in key) > 0`, [email, seconds]);
    } finally {
      await db.end();
    }
  }

  const signIn = (address: string, email: string, password: string) => new ApiClient(server.url, { address }).post('/api/auth/login', { email, password });

  it('the 21st colleague from one address signs in (successful sign-ins do not count)', async () => {
    const colleagues = await Promise.all(Array.from({ length: 25 }, () => newUser(server.url)));
    const hospital = '203.0.113.21';
    for (const colleague of colleagues) {
      const response = await signIn(hospital, colleague.email, PASSWORD);
      expect({ who: colleague.email, status: response.status }).toEqual({ who: colleague.email, status: 200 });
    }
    // And again, all of them: still nothing counted.
    for (const colleague of colleagues) expect((await signIn(hospital, colleague.email, PASSWORD)).status).toBe(200);
  });

  it('eight wrong passwords from eight addresses do not block the owner from a ninth', async () => {
    const owner = await newUser(server.url);
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect((await signIn(`198.51.100.${attempt}`, owner.email, 'not the password')).status).toBe(401);
    }
    expect((await signIn('198.51.100.9', owner.email, PASSWORD)).status).toBe(200);
  });

  it('wrong passwords for one account from one address are limited there (tight), not elsewhere or for others', async () => {
    const owner = await newUser(server.url);
    const neighbour = await newUser(server.url);
    const address = '192.0.2.55';
    for (let attempt = 0; attempt < 5; attempt++) expect((await signIn(address, owner.email, 'not the password')).status).toBe(401);
    const blocked = await signIn(address, owner.email, PASSWORD);
    expectErrorShape(blocked, 429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body.message).toMatch(/^Too many attempts\. Please wait \d+ (minutes?|seconds?) and try again\.$/);
    // The same account from another address, and another account from the same address, are fine.
    expect((await signIn('192.0.2.56', owner.email, PASSWORD)).status).toBe(200);
    expect((await signIn(address, neighbour.email, PASSWORD)).status).toBe(200);
    // The session already open is not affected.
    expect((await owner.client.get('/api/auth/me')).status).toBe(200);
  });

  it('wrong passwords from one address are limited across accounts too, more loosely (429 with Retry-After)', async () => {
    const address = '203.0.113.7';
    for (let attempt = 0; attempt < 50; attempt++) {
      const response = await signIn(address, uniqueEmail(), 'whatever you like');
      expect(response.status).toBe(401);
    }
    const limited = await signIn(address, uniqueEmail(), 'whatever you like');
    expectErrorShape(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signIn('203.0.113.8', uniqueEmail(), 'whatever you like')).status).toBe(401);
  });

  it('a slow guesser is slowed down, more and more, while the owner still gets in once the wait is over', async () => {
    const owner = await newUser(server.url);
    // A guesser spread over many addresses: 20 wrong passwords go through as usual…
    let address = 0;
    const fromAnywhere = (password: string) => signIn(`100.64.${Math.floor(++address / 250)}.${address % 250}`, owner.email, password);
    for (let attempt = 0; attempt < 20; attempt++) expect((await fromAnywhere('guess number ' + attempt)).status).toBe(401);

    // …then each attempt waits for the one before: 30 seconds first.
    const slowed = await fromAnywhere('another guess');
    expectErrorShape(slowed, 429);
    const firstWait = Number(slowed.headers.get('retry-after'));
    expect(firstWait).toBeGreaterThan(0);
    expect(firstWait).toBeLessThanOrEqual(30);
    expect(slowed.body.message).toMatch(/^Too many attempts\. Please wait \d+ seconds? and try again\.$/);
    // Even the right password waits (otherwise a guesser would learn from the difference).
    expectErrorShape(await fromAnywhere(PASSWORD), 429);

    // Once the wait is over, one more guess is let through, and the next wait is longer.
    await letTimePass(owner.email, 30);
    expect((await fromAnywhere('a guess after waiting')).status).toBe(401);
    const slowedMore = await fromAnywhere('and another');
    expectErrorShape(slowedMore, 429);
    expect(Number(slowedMore.headers.get('retry-after'))).toBeGreaterThan(30);
    expect(Number(slowedMore.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    // The owner, from a new address, gets in once the current wait is over: never locked out for good.
    await letTimePass(owner.email, 60);
    expect((await signIn('192.0.2.200', owner.email, PASSWORD)).status).toBe(200);
  });

  it('limits wrong current passwords when changing the password', async () => {
    const user = await newUser(server.url);
    for (let attempt = 0; attempt < 5; attempt++) {
      expectErrorShape(await user.client.post('/api/auth/password', { currentPassword: 'not my password', newPassword: 'a brand new password' }), 400);
    }
    const limited = await user.client.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' });
    expectErrorShape(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.message).toMatch(/^Too many wrong current passwords\. Please wait/);
    // The password did not change, and the session goes on.
    expect((await new ApiClient(server.url).post('/api/auth/login', { email: user.email, password: PASSWORD })).status).toBe(200);
    expect((await user.client.get('/api/auth/me')).status).toBe(200);
  });

  /** The owner's own browser (it signed in before, so it holds their device cookie), now reaching us from `address`. */
  function ownBrowserOf(owner: TestUser, address: string): ApiClient {
    const browser = new ApiClient(server.url, { address });
    for (const [name, value] of owner.client.cookies) if (name.startsWith('knotwork_device_')) browser.cookies.set(name, value);
    expect(browser.cookies.size).toBe(1);
    return browser;
  }

  it('a successful sign-in leaves a device cookie: httpOnly, SameSite=Strict, only for the sign-in request, for a year, naming no email', async () => {
    const user = await newUser(server.url);
    const signedIn = await new ApiClient(server.url).post('/api/auth/login', { email: user.email, password: PASSWORD });
    const device = signedIn.headers.getSetCookie().find((cookie) => cookie.startsWith('knotwork_device_'));
    expect(device).toBeDefined();
    const attributes = device!.split(/;\s*/).slice(1).map((attribute) => attribute.toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/auth/login', `max-age=${365 * 24 * 3600}`]));
    expect(device!.toLowerCase()).not.toContain(user.email.split('@')[0].toLowerCase());
    // A wrong password leaves none.
    const wrong = await new ApiClient(server.url).post('/api/auth/login', { email: user.email, password: 'not the password' });
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('a guesser cannot keep the owner out: after 20 guesses from 4 addresses, and more each time a wait ends, the owner signs in from their own browser, even from a new address', async () => {
    const owner = await newUser(server.url);
    // The lockout attack: five wrong passwords from each of four addresses…
    for (let attacker = 1; attacker <= 4; attacker++) {
      for (let guess = 0; guess < 5; guess++) expect((await signIn(`203.0.113.${attacker}`, owner.email, `wrong password ${guess}`)).status).toBe(401);
    }
    // …puts every sign-in without the device cookie on the per-account slow-down, the owner's from a new browser included.
    expectErrorShape(await signIn('203.0.113.5', owner.email, 'one more guess'), 429);
    expectErrorShape(await signIn('198.51.100.77', owner.email, PASSWORD), 429);
    // A made-up device cookie does not help a guesser.
    const forger = new ApiClient(server.url, { address: '203.0.113.6' });
    for (const [name] of owner.client.cookies) if (name.startsWith('knotwork_device_')) forger.cookies.set(name, 'made.up.value');
    expectErrorShape(await forger.post('/api/auth/login', { email: owner.email, password: 'forged guess' }), 429);

    // The owner's own browser, on a network it has never used, gets in.
    const browser = ownBrowserOf(owner, '198.51.100.78');
    expect((await browser.post('/api/auth/login', { email: owner.email, password: PASSWORD })).status).toBe(200);

    // The guesser keeps the slot, one guess each time the wait ends; the owner still gets in, and
    // their sign-ins do not lift the guesser's slow-down.
    for (let round = 0; round < 2; round++) {
      await letTimePass(owner.email, 15 * 60);
      expect((await signIn(`203.0.113.${10 + round}`, owner.email, `guess after the wait ${round}`)).status).toBe(401);
      expectErrorShape(await signIn(`203.0.113.${20 + round}`, owner.email, 'straight away'), 429);
      expect((await ownBrowserOf(owner, `198.51.100.${80 + round}`).post('/api/auth/login', { email: owner.email, password: PASSWORD })).status).toBe(200);
    }
    // A typo in the owner's browser is just a wrong password, not a wait.
    expectErrorShape(await browser.post('/api/auth/login', { email: owner.email, password: 'a typo' }), 401);
    expect((await browser.post('/api/auth/login', { email: owner.email, password: PASSWORD })).status).toBe(200);
  });

  it('a crowd of wrong passwords behind one hospital address does not refuse a colleague signing in from their own browser', async () => {
    const colleague = await newUser(server.url);
    const hospital = '203.0.113.50';
    for (let attempt = 0; attempt < 50; attempt++) expect((await signIn(hospital, uniqueEmail(), 'whatever you like')).status).toBe(401);
    // The address is limited for sign-ins without the account's device cookie…
    expectErrorShape(await signIn(hospital, colleague.email, PASSWORD), 429);
    // …but the colleague's own browser at the hospital gets in.
    expect((await ownBrowserOf(colleague, hospital).post('/api/auth/login', { email: colleague.email, password: PASSWORD })).status).toBe(200);
  });

  it("a guesser holding the owner's device cookie is still limited: 5 wrong passwords per address and 10 a day on it, then the ordinary limits", async () => {
    const owner = await newUser(server.url);
    // Others have already put the account on the per-account slow-down.
    for (let guess = 0; guess < 20; guess++) expect((await signIn(`100.65.0.${guess + 1}`, owner.email, `guess ${guess}`)).status).toBe(401);

    const guessWithStolenCookie = (address: string, password: string) => ownBrowserOf(owner, address).post('/api/auth/login', { email: owner.email, password });
    for (const address of ['192.0.2.71', '192.0.2.72']) {
      for (let guess = 0; guess < 5; guess++) expect((await guessWithStolenCookie(address, `stolen cookie guess ${guess}`)).status).toBe(401);
      // The cookie's allowance at this address is used up: it counts like any other sign-in now, and waits.
      expectErrorShape(await guessWithStolenCookie(address, 'one more'), 429);
    }
    // Ten in a day on that cookie, from anywhere: a third address gets no more.
    expectErrorShape(await guessWithStolenCookie('192.0.2.73', 'from a third address'), 429);
  });

  it('lets a whole learning session sign up from one address, and limits registrations per address beyond that', async () => {
    const address = '198.51.100.20';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 51; attempt++) {
      const response = await new ApiClient(server.url, { address }).post('/api/auth/register', {
        email: uniqueEmail(),
        password: PASSWORD,
        displayName: 'Many',
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 50).every((status) => status === 202)).toBe(true);
    expectErrorShape(await new ApiClient(server.url, { address }).post('/api/auth/register', { email: uniqueEmail(), password: PASSWORD, displayName: 'One more' }), 429);
    expect(statuses[50]).toBe(429);
  });
});

describe('CSRF', () => {
  it('refuses state-changing requests from a foreign Origin and accepts our own', async () => {
    const user = await newUser(server.url);
    const foreign = await user.client.post('/api/networks', { name: 'X', level: 'national', visibility: 'public' }, { origin: 'https://evil.example' });
    expectErrorShape(foreign, 403);
    const crossSite = await user.client.post('/api/auth/logout', {}, { 'sec-fetch-site': 'cross-site' });
    expectErrorShape(crossSite, 403);
    expect((await user.client.get('/api/auth/me')).status).toBe(200);

    const own = await user.client.post('/api/networks', { name: 'Ours', level: 'national', visibility: 'public' }, { origin: `http://localhost:${server.port}` });
    expect(own.status).toBe(201);
    // Reads are not state-changing and are let through.
    expect((await user.client.get('/api/auth/me', { origin: 'https://evil.example' })).status).toBe(200);
  });
});

describe('request bodies', () => {
  it('answers 413 for a body over 1 MB, 400 for malformed JSON, 415 for a charset other than UTF-8 and 404 for an unknown route, each with its code', async () => {
    const user = await newUser(server.url);
    const big = JSON.stringify({ name: 'x'.repeat(1_100_000), level: 'national', visibility: 'public' });
    expectErrorShape(await user.client.post('/api/networks', big), 413, 'request.too_large');
    const malformed = await user.client.post('/api/networks', '{"name": ');
    expectErrorShape(malformed, 400, 'request.not_json');
    expect(malformed.body.message).toMatch(/not valid JSON/);
    const latin1 = await user.client.post('/api/networks', '{}', { 'content-type': 'application/json; charset=latin1' });
    expectErrorShape(latin1, 415, 'request.unsupported_encoding');
    const badGzip = await user.client.post('/api/networks', '{}', { 'content-encoding': 'gzip' });
    expectErrorShape(badGzip, 400, 'request.unreadable');
    expectErrorShape(await user.client.get('/api/no-such-route'), 404, 'route.not_found');
    expectErrorShape(await user.client.request('PUT', '/api/networks', {}), 404, 'route.not_found');
    expectErrorShape(await user.client.get('/api/invitations/%E0%A4%A'), 400, 'request.bad_address');
  });

  it('reads a request without content whatever its type, and refuses content that is not JSON with 415', async () => {
    const user = await newUser(server.url);
    // A bare POST, as a browser's fetch() sends it without a body.
    expect((await user.client.request('POST', '/api/auth/logout', undefined)).status).toBe(204);
    const form = await new ApiClient(server.url).request('POST', '/api/auth/login', 'email=a%40b.org&password=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expectErrorShape(form, 415, 'request.unsupported_media_type');
    expect(form.headers.get('set-cookie')).toBeNull();
  });
});

describe('behind a proxy and over https', () => {
  const secure = serverForSuite({ PUBLIC_URL: 'https://knotwork.example.org', TRUST_PROXY: 'false' });

  it('marks the cookies Secure under an https PUBLIC_URL, checks Origin against it, and ignores X-Forwarded-For without TRUST_PROXY', async () => {
    const client = new ApiClient(secure.url);
    const email = uniqueEmail();
    const registered = await client.post('/api/auth/register', { email, password: PASSWORD, displayName: 'Sec' }, { origin: 'https://knotwork.example.org' });
    expect(registered.status).toBe(202);
    const signedIn = await client.post('/api/auth/login', { email, password: PASSWORD }, { origin: 'https://knotwork.example.org' });
    expect(signedIn.status).toBe(200);
    // The session cookie and the device cookie alike.
    expect(signedIn.headers.getSetCookie()).toHaveLength(2);
    for (const cookie of signedIn.headers.getSetCookie()) expect(cookie).toMatch(/;\s*Secure/i);
    const localOrigin = await client.post('/api/auth/logout', {}, { origin: `http://localhost:${secure.port}` });
    expectErrorShape(localOrigin, 403);

    // Without TRUST_PROXY the socket address counts, so changing X-Forwarded-For does not dodge the limit.
    let last;
    for (let attempt = 0; attempt < 6; attempt++) {
      last = await new ApiClient(secure.url).post('/api/auth/login', { email, password: 'not the password' });
    }
    expect(last!.status).toBe(429);
  });

  it('stops a downgrade to plain http on the way (SSL stripping): every answer tells browsers to use https only, for a year, subdomains included', async () => {
    for (const path of ['/api/health', '/api/no-such-route', '/networks']) {
      const answer = await new ApiClient(secure.url).get(path);
      expect({ path, hsts: answer.headers.get('strict-transport-security') }).toEqual({ path, hsts: 'max-age=31536000; includeSubDomains' });
    }
    // Over plain http (a developer's machine) it would only get in the way, and browsers ignore it there anyway.
    expect((await new ApiClient(server.url).get('/api/health')).headers.get('strict-transport-security')).toBeNull();
  });
});
