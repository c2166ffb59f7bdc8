import 'reflect-metadata';
import { Logger, type ArgumentsHost, type Type } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA, MODULE_METADATA } from '@nestjs/common/constants';
import { GATEWAY_METADATA } from '@nestjs/websockets/constants';
import { AppModule } from '../app.module';
import { NetworkErrors } from '../networks/networks.errors';
import { SocketAckFilter, type SocketAck } from './socket-gateway';

/** Every provider of `root` and the modules it imports (forward references included). */
function providersOf(root: Type): Type[] {
  const seen = new Set<unknown>();
  const providers: Type[] = [];
  const visit = (entry: unknown) => {
    const module = typeof entry === 'object' && entry !== null && 'forwardRef' in entry ? (entry as { forwardRef: () => unknown }).forwardRef() : entry;
    if (typeof module !== 'function' || seen.has(module)) return;
    seen.add(module);
    for (const inner of (Reflect.getMetadata(MODULE_METADATA.IMPORTS, module) as unknown[] | undefined) ?? []) visit(inner);
    for (const provider of (Reflect.getMetadata(MODULE_METADATA.PROVIDERS, module) as unknown[] | undefined) ?? []) {
      if (typeof provider === 'function') providers.push(provider as Type);
    }
  };
  visit(root);
  return providers;
}

/** A host as Nest builds it for a socket.io handler: (socket, payload, acknowledgement, event name). */
function handlerHost(ack: unknown): ArgumentsHost {
  return { getArgs: () => [{ id: 'socket' }, { networkId: 'x' }, ack, 'network:follow'] } as unknown as ArgumentsHost;
}

describe('SocketAckFilter', () => {
  it('is on every socket.io gateway of the app', () => {
    const gateways = providersOf(AppModule).filter((provider) => Reflect.getMetadata(GATEWAY_METADATA, provider));
    expect(gateways.map((gateway) => gateway.name).sort()).toEqual(['AuthGateway', 'DiscussionsGateway', 'LiveRoomGateway', 'NetworksGateway', 'NotificationsGateway']);
    for (const gateway of gateways) {
      const filters = (Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, gateway) as unknown[] | undefined) ?? [];
      expect({ gateway: gateway.name, hasFilter: filters.some((filter) => filter instanceof SocketAckFilter) }).toEqual({ gateway: gateway.name, hasFilter: true });
    }
  });

  it('answers the acknowledgement with the error shape of an AppError', () => {
    const answers: SocketAck[] = [];
    new SocketAckFilter().catch(NetworkErrors.notFound(), handlerHost((answer: SocketAck) => answers.push(answer)));
    expect(answers).toEqual([
      { ok: false, error: { statusCode: 404, error: 'Not Found', message: 'There is no such network, or you cannot see it.', code: 'networks.not_found' } },
    ]);
  });

  it('answers a rate limit with the 429 shape and the seconds REST sends as Retry-After', () => {
    const answers: SocketAck[] = [];
    new SocketAckFilter().catch(NetworkErrors.tooManyCreated(42), handlerHost((answer: SocketAck) => answers.push(answer)));
    expect(answers).toEqual([{ ok: false, error: expect.objectContaining({ statusCode: 429, code: 'networks.create_rate_limited' }), retryAfterSeconds: 42 }]);
  });

  it('answers a bug with the 500 shape, saying nothing of the bug to the client and all of it to the log', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const answers: SocketAck[] = [];
    new SocketAckFilter().catch(new TypeError('secret internals'), handlerHost((answer: SocketAck) => answers.push(answer)));
    expect(answers).toEqual([{ ok: false, error: expect.objectContaining({ statusCode: 500, code: 'server.internal_error' }) }]);
    expect(JSON.stringify(answers)).not.toContain('secret internals');
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('TypeError: secret internals'));
    logged.mockRestore();
  });

  it('does nothing when the client asked for no acknowledgement', () => {
    expect(() => new SocketAckFilter().catch(NetworkErrors.notFound(), handlerHost(undefined))).not.toThrow();
  });
});
