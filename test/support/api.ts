import { randomBytes } from 'node:crypto';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

let addressCounter = 0;
/** A distinct client address per test client (sent as X-Forwarded-For; suites run with TRUST_PROXY=loopback). */
export function nextAddress(): string {
  addressCounter += 1;
  return `10.${(process.pid >> 8) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

const SESSION_COOKIE = 'knotwork_session';

/** A small HTTP client with its own cookie jar, like one browser. */
export class ApiClient {
  /** Every cookie the server has set and not cleared, by name (the session, the device cookies). */
  readonly cookies = new Map<string, string>();
  readonly headers: Record<string, string>;

  constructor(
    readonly baseUrl: string,
    options: { address?: string | null; headers?: Record<string, string> } = {},
  ) {
    const address = options.address === undefined ? nextAddress() : options.address;
    this.headers = { ...(address ? { 'x-forwarded-for': address } : {}), ...options.headers };
  }

  /** The session cookie as a Cookie header ("knotwork_session=…"), or null when signed out: what socket.io, /collab and a browser are given. */
  get cookie(): string | null {
    const session = this.cookies.get(SESSION_COOKIE);
    return session ? `${SESSION_COOKIE}=${session}` : null;
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const held = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...this.headers,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(held ? { cookie: held } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      // An empty value is how a cookie is cleared.
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON; keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  patch<T = any>(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body, headers);
  }
  delete<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('DELETE', path, undefined, headers);
  }
}

export const PASSWORD = 'correct horse battery';

export interface TestUser {
  client: ApiClient;
  id: string;
  email: string;
  displayName: string;
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

/**
 * Registers a new account and signs in with it, as the web app does (registration answers the
 * same whether or not the email is taken, so it is the sign-in that says the account is ours).
 */
export async function newUser(baseUrl: string, overrides: { displayName?: string; email?: string } = {}): Promise<TestUser> {
  const client = new ApiClient(baseUrl);
  const email = overrides.email ?? uniqueEmail();
  const displayName = overrides.displayName ?? `Tester ${email.slice(5, 10)}`;
  const registered = await client.post('/api/auth/register', { email, password: PASSWORD, displayName });
  if (registered.status !== 202) throw new Error(`register failed: ${registered.status} ${JSON.stringify(registered.body)}`);
  const signedIn = await client.post('/api/auth/login', { email, password: PASSWORD });
  if (signedIn.status !== 200) throw new Error(`sign-in after registering failed: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  return { client, id: signedIn.body.id, email, displayName };
}

export interface NetworkInput {
  name?: string;
  description?: string;
  level?: 'organisation' | 'subnational' | 'national' | 'global';
  visibility?: 'public' | 'private';
  parentId?: string | null;
}

/** Creates a network as `owner` (who becomes its admin) and returns its DTO. */
export async function newNetwork(owner: TestUser, input: NetworkInput = {}): Promise<any> {
  const response = await owner.client.post('/api/networks', {
    name: input.name ?? `Network ${randomBytes(8).toString('hex')}`,
    level: input.level ?? 'national',
    visibility: input.visibility ?? 'public',
    ...(input.description !== undefined && { description: input.description }),
    ...(input.parentId !== undefined && { parentId: input.parentId }),
  });
  if (response.status !== 201) throw new Error(`create network failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Adds `user` to the network with `role`, through an invitation as a real admin would. */
export async function addMember(admin: TestUser, networkId: string, user: TestUser, role: 'member' | 'coach' | 'admin'): Promise<void> {
  const invitation = await admin.client.post(`/api/networks/${networkId}/invitations`, { role });
  if (invitation.status !== 201) throw new Error(`invite failed: ${invitation.status} ${JSON.stringify(invitation.body)}`);
  const accepted = await user.client.post(`/api/invitations/${invitation.body.token}/accept`);
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
}

/** The error shape every failure must have, with no stack trace; `code`, when given, is the failure expected. */
export function expectErrorShape(response: ApiResponse, statusCode: number, code?: string): void {
  expect(response.status).toBe(statusCode);
  const keys = Object.keys(response.body).sort();
  expect(keys).toEqual('fields' in response.body ? ['code', 'error', 'fields', 'message', 'statusCode'] : ['code', 'error', 'message', 'statusCode']);
  expect(response.body.statusCode).toBe(statusCode);
  expect(typeof response.body.message).toBe('string');
  expect(response.body.code).toMatch(/^[a-z_]+(\.[a-z_]+)+$/);
  if (code !== undefined) expect(response.body.code).toBe(code);
  if ('fields' in response.body) {
    expect(response.body.fields.length).toBeGreaterThan(0);
    for (const problem of response.body.fields) {
      expect(Object.keys(problem).sort()).toEqual(['field', 'message']);
      expect(problem.message.startsWith(problem.field)).toBe(true);
    }
  }
  expect(JSON.stringify(response.body)).not.toMatch(/at \w+ \(|\.ts:\d+|\.js:\d+/);
}
