import { applyDecorators, Catch, UseFilters, type ArgumentsHost, type WsExceptionFilter } from '@nestjs/common';
import { WebSocketGateway } from '@nestjs/websockets';
import { toErrorBody, type ErrorBody } from '../platform/error-response';

/**
 * What every socket.io handler acknowledges: success, or the same error body REST sends; when
 * REST would send Retry-After (a rate limit), its seconds come along as `retryAfterSeconds`.
 */
export type SocketAck = { ok: true } | { ok: false; error: ErrorBody; retryAfterSeconds?: number };

type AckCallback = (answer: SocketAck) => void;

/**
 * Whatever a socket.io handler throws (validation, access, a bug), and wherever (a pipe, a guard,
 * the handler), the client's acknowledgement gets the error shape. Nest's own handler would emit
 * an `exception` event echoing the payload and leave the acknowledgement unanswered.
 */
@Catch()
export class SocketAckFilter implements WsExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const { body: error, retryAfterSeconds } = toErrorBody(exception);
    // Nest calls a handler with (socket, payload, acknowledgement, event name); the callback is the one function.
    const ack = host.getArgs().find((argument): argument is AckCallback => typeof argument === 'function');
    ack?.(retryAfterSeconds === undefined ? { ok: false, error } : { ok: false, error, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
  }
}

/** A socket.io gateway whose every handler answers failures through its acknowledgement. Use instead of @WebSocketGateway(). */
export const SocketGateway = (): ClassDecorator => applyDecorators(WebSocketGateway(), UseFilters(new SocketAckFilter()));
