import { request } from 'node:http';
import { join } from 'node:path';
import { addMember, ApiClient, newNetwork, newUser, type TestUser } from '../support/api';
import { ROOT, serverForSuite } from '../support/server';

/**
 * The web app renders its pages on the server, through the same API and session as the browser:
 * these requests run no JavaScript at all, so whatever they find was rendered by the server.
 */

jest.setTimeout(60_000);

const server = serverForSuite({ WEB_BUILD_DIR: join(ROOT, 'web/build') });

let admin: TestUser;
let member: TestUser;
let stranger: TestUser;
let network: any;
let packageId: string;

beforeAll(async () => {
  admin = await newUser(server.url, { displayName: 'Ana Ortiz' });
  member = await newUser(server.url, { displayName: 'Ben Okoro' });
  stranger = await newUser(server.url, { displayName: 'Cy Stranger' });
  network = await newNetwork(admin, {
    name: 'Valley depression care',
    level: 'organisation',
    visibility: 'private',
    description: 'Clinics in the valley following up depression together.',
  });
  await addMember(admin, network.id, member, 'member');
  expect((await admin.client.post(`/api/networks/${network.id}/teams`, { name: 'Ward 7' })).status).toBe(201);
  expect((await admin.client.post(`/api/networks/${network.id}/invitations`, { role: 'coach' })).status).toBe(201);
  const created = await admin.client.post(`/api/networks/${network.id}/change-packages`, { title: 'Follow-up after diagnosis' });
  expect(created.status).toBe(201);
  packageId = created.body.id;
});

/** Svelte's hydration markers (HTML comments) taken out, so that markup reads as written. */
const withoutComments = (html: string) => html.replace(/<!--[\s\S]*?-->/g, '');

/** A page as a browser without JavaScript gets it: status, headers and the HTML. */
async function page(client: ApiClient, path: string) {
  const response = await client.get<string>(path, { accept: 'text/html' });
  return { ...response, html: withoutComments(String(response.body)) };
}

/** The HTML with scripts removed: what someone sees before any JavaScript runs. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&rsquo;|’/g, "'")
    .replace(/\s+/g, ' ');
}

it("renders a network's overview on the server for its admin: its name, description, places and what needs them", async () => {
  const overview = await page(admin.client, `/networks/${network.id}`);
  expect(overview.status).toBe(200);
  expect(overview.headers.get('content-type')).toMatch(/^text\/html/);
  // Rendered for one person: no shared cache may keep it.
  expect(overview.headers.get('cache-control')).toBe('private, no-cache');
  const text = visibleText(overview.html);
  expect(overview.html).toMatch(/<h1[^>]*>\s*Valley depression care\s*<\/h1>/);
  expect(text).toContain('Clinics in the valley following up depression together.');
  expect(text).toContain('You are an admin here');
  expect(text).toContain('Open the change package');
  // The workspace's navigation, with the overview marked as the current page.
  expect(overview.html).toMatch(/<nav[^>]*aria-label="Valley depression care"/);
  expect(overview.html).toMatch(new RegExp(`<a href="/networks/${network.id}" aria-current="page"[^>]*>Overview</a>`));
  for (const place of ['Change package', 'People', 'Settings']) expect(text).toContain(place);
  // What is happening: Ben joined, the change package was started.
  expect(text).toContain('Ben Okoro joined the network');
  expect(text).toContain('The change package “Follow-up after diagnosis” was started');
  // What needs the admin: the coach's invitation nobody has used (Ben's was used).
  expect(text).toContain('What needs you 1 invitation link is waiting for someone to use it. See invitations');
});

it('tells a member what needs them, and what their role is', async () => {
  const text = visibleText((await page(member.client, `/networks/${network.id}`)).html);
  expect(text).toContain('You are a member here');
  expect(text).toContain('What needs you You are not in a team yet. Choose your team');
  expect(text).toContain('You are a member: someone who takes part and shares what they learn.');
  expect(text).not.toContain('invitation link');
});

it('renders the People place with the members, the teams and, for an admin, the invitation form', async () => {
  const people = await page(admin.client, `/networks/${network.id}/people`);
  expect(people.status).toBe(200);
  const text = visibleText(people.html);
  for (const expected of ['Ana Ortiz', 'Ben Okoro', 'Ward 7', '2 members', 'A team is a group of', 'Invite people', 'Create invitation link']) {
    expect(text).toContain(expected);
  }
  // The only admin is told why they cannot leave rather than offered a button that would fail.
  expect(text).toContain('You are its only admin, so you cannot leave yet');
  expect(text).not.toContain('Leave this network');

  const asMember = visibleText((await page(member.client, `/networks/${network.id}/people`)).html);
  expect(asMember).toContain('Leave this network');
  expect(asMember).not.toContain('Create invitation link');
  expect(asMember).not.toContain('Settings');
});

it('renders the Change package place and the settings of an admin, and refuses settings to a member', async () => {
  const packages = visibleText((await page(admin.client, `/networks/${network.id}/change-packages`)).html);
  expect(packages).toContain('Follow-up after diagnosis');
  expect(packages).toContain('A change package is the network');

  const settings = await page(admin.client, `/networks/${network.id}/settings`);
  expect(settings.status).toBe(200);
  expect(settings.html).toMatch(/<input[^>]*value="Valley depression care"/);

  const refused = await page(member.client, `/networks/${network.id}/settings`);
  expect(refused.status).toBe(403);
  expect(visibleText(refused.html)).toContain('Only admins of this network can change its settings.');
});

it('offers a non-member of a public network to join, and shows them what it shares', async () => {
  const open = await newNetwork(admin, { name: 'Open valley network', visibility: 'public', level: 'organisation' });
  const visit = await page(stranger.client, `/networks/${open.id}`);
  expect(visit.status).toBe(200);
  const text = visibleText(visit.html);
  expect(text).toContain('Join this network');
  expect(text).toContain('You are not a member. You can read what this network shares; join it to take part.');
  expect(text).not.toContain('Settings');
});

it("gives a non-member the not-found page for a private network, naming nothing of it", async () => {
  const hidden = await page(stranger.client, `/networks/${network.id}`);
  expect(hidden.status).toBe(404);
  expect(hidden.headers.get('content-type')).toMatch(/^text\/html/);
  const text = visibleText(hidden.html);
  expect(text).toContain('This network does not exist, or you do not have access to it.');
  expect(hidden.html).not.toContain('Valley depression care');
  expect(hidden.html).not.toContain('Clinics in the valley');
  for (const place of ['people', 'change-packages', 'settings']) {
    const inner = await page(stranger.client, `/networks/${network.id}/${place}`);
    expect(inner.status).toBe(404);
    expect(inner.html).not.toContain('Valley depression care');
  }
});

it('sends a signed-out visitor to sign in, on the server, and back afterwards', async () => {
  const anonymous = new ApiClient(server.url);
  for (const path of ['/networks', `/networks/${network.id}`, `/networks/${network.id}/people`, '/profile']) {
    const response = await anonymous.get(path, { accept: 'text/html' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(path)}`);
  }
  const signIn = await page(anonymous, '/signin');
  expect(signIn.status).toBe(200);
  expect(signIn.html).toMatch(/<h1[^>]*>Sign in<\/h1>/);
  // Until the page's script runs the form cannot be sent: the browser would send it as a plain GET,
  // with the password in the address.
  expect(signIn.html).toMatch(/<button type="submit"[^>]*\sdisabled(="")?[\s>]/);
});

describe('open redirect through the sign-in link', () => {
  // What the browser makes of the address decides where it goes: it drops tabs and newlines and
  // reads "\" as "/", so each of these names another site although its text starts with "/".
  const offSite = ['/%09/evil.example/x', '/%0a/evil.example/x', '/%0d%0a/evil.example/x', '/%5Cevil.example/x', '/.//evil.example/x', '//evil.example/x', 'https://evil.example/x'];

  it('a crafted next= (a tab, a newline, a backslash…) cannot send a signed-in visitor off-site, and never gives a 500', async () => {
    for (const next of offSite) {
      const response = await admin.client.get(`/signin?next=${next}`, { accept: 'text/html' });
      expect({ next, status: response.status, location: response.headers.get('location') }).toEqual({ next, status: 307, location: '/networks' });
    }
    // The sign-up page takes the same parameter.
    expect((await admin.client.get('/signup?next=/%09/evil.example/x', { accept: 'text/html' })).headers.get('location')).toBe('/networks');
  });

  it('still sends a signed-in visitor on to a path of this site, with its query', async () => {
    const path = `/networks/${network.id}/people?tab=teams`;
    const response = await admin.client.get(`/signin?next=${encodeURIComponent(path)}`, { accept: 'text/html' });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(path);
  });
});

it('says plainly that an address leads nowhere, never a raw "Not Found"', async () => {
  for (const client of [admin.client, new ApiClient(server.url)]) {
    const missing = await page(client, '/no/such/page');
    expect(missing.status).toBe(404);
    const text = visibleText(missing.html);
    expect(text).toContain('We could not find that page');
    expect(text).toContain('There is no page at this address.');
    expect(text).not.toMatch(/Not Found/);
  }
});

it('leaves the change-package editor to the browser: its page is not rendered on the server', async () => {
  const editor = await page(admin.client, `/networks/${network.id}/change-packages/${packageId}`);
  expect(editor.status).toBe(200);
  expect(editor.html).not.toContain('Follow-up after diagnosis');
  expect(editor.html).not.toMatch(/<h1/);
});

it('reaches /api on its own machine: a public name that leads nowhere does not stop the page', async () => {
  // Host names the web app would call /api at if it used the visitor's address; .invalid never resolves.
  const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const call = request(
      `${server.url}/networks/${network.id}`,
      { headers: { host: 'knotwork.invalid', cookie: admin.client.cookie!, accept: 'text/html' } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    call.on('error', reject);
    call.end();
  });
  expect(status).toBe(200);
  expect(withoutComments(body)).toMatch(/<h1[^>]*>\s*Valley depression care\s*<\/h1>/);
});

describe('Content-Security-Policy and framing', () => {
  /** The policy's directives, by name. */
  const directivesOf = (header: string | null) =>
    Object.fromEntries((header ?? '').split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name, values]));

  it('every page carries a policy that runs only its own scripts (a fresh nonce for the inline one) and refuses framing', async () => {
    const nonces = new Set<string>();
    for (const [client, path] of [
      [new ApiClient(server.url), '/'],
      [new ApiClient(server.url), '/signin'],
      [admin.client, `/networks/${network.id}`],
      [admin.client, `/networks/${network.id}/people`],
      // The live editor's page: rendered in the browser, its shell still comes from the server.
      [admin.client, `/networks/${network.id}/change-packages/${packageId}`],
    ] as const) {
      const found = await page(client, path);
      expect({ path, status: found.status }).toEqual({ path, status: 200 });
      expect(found.headers.get('x-frame-options')).toBe('DENY');
      const directives = directivesOf(found.headers.get('content-security-policy'));
      expect({ path, frameAncestors: directives['frame-ancestors'], objects: directives['object-src'] }).toEqual({
        path,
        frameAncestors: ["'none'"],
        objects: ["'none'"],
      });
      expect(directives['script-src']).toContain("'self'");
      expect(directives['script-src']).not.toContain("'unsafe-inline'");
      expect(directives['connect-src']).toEqual(["'self'"]);
      // Every inline script that runs carries the nonce the policy names (JSON data blocks do not run).
      const nonce = directives['script-src'].find((source: string) => source.startsWith("'nonce-"))!.slice("'nonce-".length, -1);
      nonces.add(nonce);
      const inlineScripts = [...found.html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)]
        .map((match) => match[1])
        .filter((attributes) => !attributes.includes('type="application/json"'));
      expect(inlineScripts.length).toBeGreaterThan(0);
      for (const attributes of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
    }
    expect(nonces.size).toBe(5);
  });

  it('API answers may load nothing and sit in no frame; the API docs page loads only its own scripts', async () => {
    const client = new ApiClient(server.url);
    for (const answer of [await client.get('/api/health'), await client.get('/api/networks'), await client.get('/api/no-such-route')]) {
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(directivesOf(answer.headers.get('content-security-policy'))).toMatchObject({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });
    }
    const docs = await client.get('/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('x-frame-options')).toBe('DENY');
    expect(directivesOf(docs.headers.get('content-security-policy'))).toMatchObject({
      'script-src': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
  });
});
