import { io, type Socket } from 'socket.io-client';
import type { TestUser } from './api';

export interface Heard {
  event: string;
  payload: any;
}

export interface LiveClient {
  socket: Socket;
  /** Everything the server sent, in order. */
  heard: Heard[];
  /** The next `event` (that passes `test`) from now on. */
  next: (event: string, test?: (payload: any) => boolean) => Promise<any>;
  close: () => void;
}

/** A socket.io client signed in as `user` (by the session cookie) that records what the server sends it. */
export async function liveAs(baseUrl: string, user: TestUser): Promise<LiveClient> {
  const socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie: user.client.cookie! }, reconnection: false, forceNew: true });
  const heard: Heard[] = [];
  socket.onAny((event: string, payload: unknown) => heard.push({ event, payload }));
  await new Promise<void>((resolveConnect, reject) => {
    socket.once('connect', () => resolveConnect());
    socket.once('connect_error', reject);
  });
  const next = (event: string, test: (payload: any) => boolean = () => true) =>
    new Promise<any>((resolveEvent) => {
      const listener = (payload: unknown) => {
        if (!test(payload)) return;
        socket.off(event, listener);
        resolveEvent(payload);
      };
      socket.on(event, listener);
    });
  return { socket, heard, next, close: () => socket.disconnect() };
}
