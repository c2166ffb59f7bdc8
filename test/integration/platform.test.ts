import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ApiClient, expectErrorShape } from '../support/api';
import { ROOT, freePort, serverForSuite, startServer } from '../support/server';

jest.setTimeout(60_000);

const server = serverForSuite();

it('GET /api/health says the server is alive', async () => {
  const response = await new ApiClient(server.url).get('/api/health');
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ status: 'ok' });
});

it('GET /api/ready says the database and search are reachable', async () => {
  const response = await new ApiClient(server.url).get('/api/ready');
  expect(response.status).toBe(200);
  expect(response.body).toEqual({ status: 'ready', database: { ok: true, error: null }, search: { ok: true, error: null } });
});

it('GET /api/ready says search is degraded (200: the server still serves and keeps writes) when Meilisearch is unreachable', async () => {
  const deadPort = await freePort();
  const degraded = await startServer({ MEILI_URL: `http://127.0.0.1:${deadPort}` });
  try {
    const client = new ApiClient(degraded.url);
    const ready = await client.get('/api/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('degraded');
    expect(ready.body.database).toEqual({ ok: true, error: null });
    // What went wrong is logged; the public answer only says which part is unreachable.
    expect(ready.body.search).toEqual({ ok: false, error: 'unreachable' });
    expect((await client.get('/api/health')).status).toBe(200);
  } finally {
    await degraded.stop();
  }
});

it('serves the OpenAPI document and its docs page', async () => {
  const client = new ApiClient(server.url);
  const document = await client.get('/api/openapi.json');
  expect(document.status).toBe(200);
  expect(document.body.openapi).toMatch(/^3\./);
  for (const path of ['/api/auth/register', '/api/networks', '/api/networks/{networkId}/tree', '/api/invitations/{token}/accept']) {
    expect(document.body.paths[path]).toBeDefined();
  }
  // Every operation says what its errors look like.
  const errorBody = document.body.components.schemas.ErrorBody;
  expect(errorBody.required.sort()).toEqual(['code', 'error', 'message', 'statusCode']);
  expect(Object.keys(errorBody.properties).sort()).toEqual(['code', 'error', 'fields', 'message', 'statusCode']);
  expect(errorBody.properties.fields.items.$ref).toBe('#/components/schemas/FieldProblemBody');
  expect(document.body.components.schemas.FieldProblemBody.required.sort()).toEqual(['field', 'message']);
  expect(document.body.paths['/api/networks'].post.responses.default.content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorBody');
  const docs = await client.get('/api/docs');
  expect(docs.status).toBe(200);
  expect(String(docs.body)).toContain('swagger');
});

it('the web app\'s typed client is generated from the current OpenAPI document', async () => {
  // openapi-typescript is ESM-only, which jest cannot load on Node 20: run its CLI against the live document.
  // Run without blocking this process: a blocked event loop keeps fetch from retiring pooled
  // connections the server has closed meanwhile, and the next test's request fails on one.
  const { stdout: generated } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/openapi-typescript'), [`${server.url}/api/openapi.json`, '--silent'], {
    encoding: 'utf8',
  });
  const committed = readFileSync(join(ROOT, 'web/src/lib/api/schema.d.ts'), 'utf8');
  // The committed file carries openapi-typescript's header comment; compare the types themselves.
  const body = (text: string) => text.slice(text.indexOf('export'));
  expect(body(committed).replace(/\s+/g, ' ')).toBe(body(generated).replace(/\s+/g, ' '));
});

it('no error ever carries a stack trace, even for unexpected input types', async () => {
  const client = new ApiClient(server.url);
  for (const body of ['[]', '"text"', '123', 'null', '{"email": {"$gt": ""}, "password": []}']) {
    const response = await client.post('/api/auth/login', body);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expectErrorShape(response, response.status);
  }
});
