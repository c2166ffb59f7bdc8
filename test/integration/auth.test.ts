import { ApiClient, PASSWORD, expectErrorShape, newUser, uniqueEmail } from '../support/api';
import { serverForSuite, startServer } from '../support/server';

jest.setTimeout(60_000);

const server = serverForSuite();

describe('register', () => {
  it('creates the account, signs in with an httpOnly SameSite=Lax cookie, and stores an argon2id hash', async () => {
    const client = new ApiClient(server.url);
    const email = uniqueEmail('Reg');
    const response = await client.post('/api/auth/register', { email: `  ${email.toUpperCase()} `, password: PASSWORD, displayName: ' Ana ' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ email: email.toLowerCase(), displayName: 'Ana', organisation: null });
    expect(response.body.passwordHash).toBeUndefined();
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^knotwork_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);

    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(response.body.id);

    const { Client } = await import('pg');
    const db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    const { rows } = await db.query('SELECT password_hash FROM users WHERE id = $1', [response.body.id]);
    const sessions = await db.query('SELECT token_hash FROM sessions WHERE user_id = $1', [response.body.id]);
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

  it('refuses a taken email (in any case) with 409', async () => {
    const user = await newUser(server.url);
    const response = await new ApiClient(server.url).post('/api/auth/register', {
      email: user.email.toUpperCase(),
      password: PASSWORD,
      displayName: 'Copy',
    });
    expectErrorShape(response, 409, 'auth.email_taken');
    expect(response.body.fields).toEqual([{ field: 'email', message: expect.stringMatching(/^email is already used/) }]);
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

describe('rate limits', () => {
  it('limits login attempts per client address (429 with Retry-After), other addresses unaffected', async () => {
    const address = '203.0.113.7';
    let last;
    for (let attempt = 0; attempt < 21; attempt++) {
      last = await new ApiClient(server.url, { address }).post('/api/auth/login', { email: uniqueEmail(), password: 'whatever you like' });
    }
    expectErrorShape(last!, 429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const elsewhere = await new ApiClient(server.url, { address: '203.0.113.8' }).post('/api/auth/login', {
      email: uniqueEmail(),
      password: 'whatever you like',
    });
    expect(elsewhere.status).toBe(401);
  });

  it('limits failed logins per account whatever the address, even for the right password afterwards', async () => {
    const user = await newUser(server.url);
    for (let attempt = 0; attempt < 8; attempt++) {
      const failed = await new ApiClient(server.url).post('/api/auth/login', { email: user.email, password: 'not the password' });
      expect(failed.status).toBe(401);
    }
    const blocked = await new ApiClient(server.url).post('/api/auth/login', { email: user.email, password: PASSWORD });
    expectErrorShape(blocked, 429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The session already open is not affected.
    expect((await user.client.get('/api/auth/me')).status).toBe(200);
  });

  it('limits registrations per client address', async () => {
    const address = '198.51.100.20';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 11; attempt++) {
      const response = await new ApiClient(server.url, { address }).post('/api/auth/register', {
        email: uniqueEmail(),
        password: PASSWORD,
        displayName: 'Many',
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
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
  it('marks the cookie Secure under an https PUBLIC_URL, checks Origin against it, and ignores X-Forwarded-For without TRUST_PROXY', async () => {
    const secure = await startServer({ PUBLIC_URL: 'https://knotwork.example.org', TRUST_PROXY: 'false' });
    try {
      const client = new ApiClient(secure.url);
      const registered = await client.post(
        '/api/auth/register',
        { email: uniqueEmail(), password: PASSWORD, displayName: 'Sec' },
        { origin: 'https://knotwork.example.org' },
      );
      expect(registered.status).toBe(201);
      expect(registered.headers.get('set-cookie')).toMatch(/;\s*Secure/i);
      const localOrigin = await client.post('/api/auth/logout', {}, { origin: `http://localhost:${secure.port}` });
      expectErrorShape(localOrigin, 403);

      // Without TRUST_PROXY the socket address counts, so changing X-Forwarded-For does not dodge the limit.
      let last;
      for (let attempt = 0; attempt < 21; attempt++) {
        last = await new ApiClient(secure.url).post('/api/auth/login', { email: uniqueEmail(), password: 'whatever you like' });
      }
      expect(last!.status).toBe(429);
    } finally {
      await secure.stop();
    }
  });
});
