import type { Server } from 'node:http';
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CollabConnections } from './collab-connection';
import { CLOSE } from './collab-protocol';
import { CollabUpgrade } from './collab-upgrade';

/**
 * The /collab endpoint's life: it listens on the HTTP server's upgrade path beside socket.io once
 * the app is up, pings its connections, and closes them when the server stops. The door itself
 * is CollabUpgrade, a connection's messages CollabDispatch, access re-checks CollabAccess.
 */
@Injectable()
export class CollabGateway implements OnApplicationBootstrap, OnModuleDestroy {
  private httpServer: Server | null = null;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly upgrade: CollabUpgrade,
    private readonly connections: CollabConnections,
  ) {}

  onApplicationBootstrap(): void {
    this.httpServer = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.httpServer.on('upgrade', this.upgrade.handle);
    this.connections.startPinging();
  }

  onModuleDestroy(): void {
    this.httpServer?.off('upgrade', this.upgrade.handle);
    this.connections.closeAll(CLOSE.shuttingDown);
    this.upgrade.close();
  }
}
