import { ApiClient, expectErrorShape } from '../support/api';
import { serverForSuite } from '../support/server';

/**
 * Every route the server has, read from its own OpenAPI document (so that a route added later is
 * covered without anyone remembering to), refuses a caller who is not signed in, except the few
 * that exist for them.
 */

jest.setTimeout(60_000);

const server = serverForSuite();

/** The only routes a signed-out caller may use. */
const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  'GET /api/ready',
  'POST /api/auth/register',
  'POST /api/auth/login',
  'GET /api/invitations/{token}',
  // An unsubscribe link from an e-mail works without signing in (its token is signed).
  'GET /api/unsubscribe',
  'POST /api/unsubscribe',
  'POST /api/unsubscribe/one-click',
  // A calendar app reads a person's learning-session feed without a cookie: the address holds a secret token.
  'GET /api/calendar/{file}',
]);
const SOME_ID = '00000000-0000-4000-8000-000000000000';

it('refuses signed-out callers on every non-public route with 401', async () => {
  const document = (await new ApiClient(server.url).get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  const routes = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
  expect(routes.length).toBeGreaterThan(40);
  for (const route of PUBLIC_ROUTES) expect(routes).toContain(route);

  const anonymous = new ApiClient(server.url);
  for (const route of routes.filter((r) => !PUBLIC_ROUTES.has(r))) {
    const [method, template] = route.split(' ');
    const path = template.replace(/\{[^}]+\}/g, SOME_ID);
    const response = await anonymous.request(method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
    expect({ route, status: response.status }).toEqual({ route, status: 401 });
    expectErrorShape(response, 401);
  }
});
