import { ConsoleLogger } from '@nestjs/common';

/** Nest's start-up chatter (every module and route) hides what a person starting Knotwork needs to read. */
const QUIET_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication', 'WebSocketsController']);

/** Plain lines on a terminal, JSON lines in production (for log collectors). */
export class KnotworkLogger extends ConsoleLogger {
  constructor(json: boolean) {
    super({ json, colors: !json && process.stdout.isTTY, logLevels: ['log', 'warn', 'error', 'fatal'] });
  }

  override log(message: unknown, context?: string): void;
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && QUIET_CONTEXTS.has(context)) return;
    super.log(message, ...(rest as [string]));
  }
}
