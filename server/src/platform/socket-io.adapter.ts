import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { ServerOptions } from 'socket.io';
import type { Config } from './config';
import { allowedOrigins, isTrustedOrigin } from './origin-check';

/** socket.io on the same HTTP server, refusing handshakes from foreign origins (cross-site WebSocket hijacking). */
export class KnotworkIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: Config,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions) {
    const allowed = allowedOrigins(this.config);
    return super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      serveClient: false,
      maxHttpBufferSize: 1_000_000,
      // Upgrades to other paths (/collab) belong to their own handler; engine.io would otherwise
      // destroy them after a second.
      destroyUpgrade: false,
      allowRequest: (request, callback) => callback(null, isTrustedOrigin(request.headers, allowed)),
    } as ServerOptions);
  }
}
