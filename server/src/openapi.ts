import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './http-app';
import { loadConfig } from './platform/config';

/**
 * Writes the OpenAPI document without starting any service: Nest's preview mode reads the
 * routes and schemas but creates no provider. The web app's typed client is generated from it.
 */
async function writeOpenApi(target: string): Promise<void> {
  const config = loadConfig({ ...process.env, SESSION_SECRET: 'x'.repeat(32), WEB_BUILD_DIR: 'none' });
  const app = await NestFactory.create(
    AppModule.forRoot({ config, dataSource: null as unknown as DataSource, search: { url: 'http://unused', masterKey: null } }),
    { preview: true, logger: false },
  );
  app.setGlobalPrefix('api');
  const document = buildOpenApiDocument(app);
  writeFileSync(target, JSON.stringify(document, null, 2) + '\n');
  await app.close();
}

writeOpenApi(process.argv[2] ?? 'openapi.json').catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
