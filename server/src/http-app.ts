import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { json, urlencoded, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AppModule } from './app.module';
import { RequestValidationPipe } from './common/validation';
import { AllExceptionsFilter } from './platform/all-exceptions.filter';
import { bodyReadError, ErrorBody, sendError } from './platform/error-response';
import { csrfMiddleware } from './platform/origin-check';
import { PlatformErrors } from './platform/platform.errors';
import type { PlatformServices } from './platform/platform.module';
import { KnotworkIoAdapter } from './platform/socket-io.adapter';
import { KnotworkLogger } from './platform/logger';
import { ownOrigin } from './platform/own-origin';
import { guardUpgrades } from './platform/upgrade-guard';
import { API_ORIGIN, type HandedOffRequest } from './shared/web-handoff';

const BODY_LIMIT = '1mb';
/** Paths the server answers itself; everything else is the web app. */
const SERVER_PATHS = /^\/(api|socket\.io|collab)(\/|$)/;

/**
 * Content-Security-Policy of the server's own answers. JSON needs nothing: should a browser ever
 * render one, it may load nothing and sit in no frame.
 */
const API_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** The API's documentation page (Swagger UI): its scripts and styles come from this server. */
const API_DOCS = /^\/api\/docs(\/|$)/;
const API_DOCS_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
/**
 * The web app's pages carry SvelteKit's policy (kit.csp in web/svelte.config.js, with a nonce for
 * its scripts), which replaces this one; what the app serves without it (files, its static error
 * page) may still not be framed.
 */
const WEB_FALLBACK_POLICY = "frame-ancestors 'none'";

/**
 * Behind https, browsers are told to use nothing else for a year, this host's subdomains included,
 * so that nobody on the way (a hospital's guest Wi-Fi) can serve a plain-http copy of a page and
 * take the session with it.
 */
const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';

function contentSecurityPolicyFor(path: string): string {
  if (API_DOCS.test(path)) return API_DOCS_POLICY;
  return SERVER_PATHS.test(path) ? API_POLICY : WEB_FALLBACK_POLICY;
}

/** Relative to /api, where the body parsers are mounted. */
const ONE_CLICK_UNSUBSCRIBE = '/unsubscribe/one-click';

/**
 * JSON is the only body /api reads (but for the one-click unsubscribe below): a body of another type (text, a form, XML) is refused with
 * 415 rather than read as something else, and the parser's failures (too large, not JSON) leave
 * in the one error shape. A request without content (a bare POST) needs no type.
 */
function jsonBodies(): RequestHandler {
  const parseJson = json({ limit: BODY_LIMIT });
  const parseForm = urlencoded({ extended: false, limit: '1kb' });
  return (request, response, next) => {
    const hasContent = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    // The one exception: mail programs send RFC 8058's one-click unsubscribe as a small form.
    if (hasContent && request.path === ONE_CLICK_UNSUBSCRIBE && request.is('application/x-www-form-urlencoded')) {
      return parseForm(request, response, (error?: unknown) => (error ? sendError(response, bodyReadError(error)) : next()));
    }
    if (hasContent && !request.is('application/json')) return sendError(response, PlatformErrors.notJsonMediaType());
    parseJson(request, response, (error?: unknown) => (error ? sendError(response, bodyReadError(error)) : next()));
  };
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('Knotwork API')
    .setDescription(
      'Learning networks for healthcare. Sign in with POST /api/auth/login; the session travels in an httpOnly cookie. ' +
        'Request bodies are JSON (anything else is refused with 415). Errors are { statusCode, error, message, code, fields? }: ' +
        '`code` names the failure (one per failure), `fields` lists the fields at fault with a message for each.',
    )
    .setVersion('0.1.0')
    .addCookieAuth('knotwork_session')
    .build();
  const openApi = SwaggerModule.createDocument(app, document, { extraModels: [ErrorBody] });
  // Every failure has the same body; say so once for every operation, so typed clients know it.
  const errorResponse = {
    description: 'An error: `{ statusCode, error, message, code, fields? }`.',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
  };
  for (const operations of Object.values(openApi.paths)) {
    for (const operation of Object.values(operations)) {
      if (typeof operation === 'object' && operation !== null && 'responses' in operation) {
        (operation as { responses: Record<string, unknown> }).responses.default = errorResponse;
      }
    }
  }
  return openApi;
}

/** Loads the built SvelteKit app (adapter-node's handler), or null when there is none to serve. */
async function webHandler(buildDir: string | null): Promise<RequestHandler | null> {
  if (!buildDir) return null;
  const handlerFile = join(buildDir, 'handler.js');
  if (!existsSync(handlerFile)) {
    new Logger('Web').warn(`No web app at ${handlerFile}; run "npm run build". Serving the API only.`);
    return null;
  }
  // The handler is an ES module; a dynamic import() keeps it one from this CommonJS build.
  const dynamicImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ handler: RequestHandler }>;
  return (await dynamicImport(pathToFileURL(handlerFile).href)).handler;
}

export async function createHttpApp(services: PlatformServices): Promise<NestExpressApplication> {
  const { config } = services;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(services), {
    bodyParser: false,
    logger: new KnotworkLogger(config.production),
  });
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.setGlobalPrefix('api');
  const onHttps = config.publicUrl.protocol === 'https:';
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (onHttps) response.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    // No page or answer of ours may be framed by another site (clickjacking), in old browsers too.
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Content-Security-Policy', contentSecurityPolicyFor(request.path));
    next();
  });
  app.use('/api', csrfMiddleware(config));
  app.use('/api', jsonBodies());
  app.use(cookieParser());
  app.useGlobalPipes(new RequestValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  // Before socket.io and /collab add theirs, so that every upgrade socket has an error listener.
  guardUpgrades(app.getHttpServer());
  app.useWebSocketAdapter(new KnotworkIoAdapter(app, config));

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    useGlobalPrefix: false,
    customSiteTitle: 'Knotwork API',
  });

  const web = await webHandler(config.webBuildDir);
  // Known once the server listens, which is before it can receive a request.
  let apiOrigin: string | undefined;
  app.use((request: Request & HandedOffRequest, response: Response, next: NextFunction) => {
    if (SERVER_PATHS.test(request.path) || !web) return next();
    apiOrigin ??= ownOrigin(app.getHttpServer().address());
    request[API_ORIGIN] = apiOrigin;
    web(request, response, next);
  });
  return app;
}
