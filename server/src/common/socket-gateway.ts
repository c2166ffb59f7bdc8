import { applyDecorators, Catch, UseFilters, type ArgumentsHost, type WsExceptionFilter } from '@nestjs/common';
import { WebSocketGateway } from '@nestjs/websockets';
import { toErrorBody, type ErrorBody } from '../platform/error-response';

/** What every socket.io handler acknowledges: success, or the same error body REST sends. */
export type SocketAck = { ok: true } | { ok: false; error: ErrorBody };

type AckCallback = (answer: SocketAck) => void;

/**
 * Whatever a socket.io handler throws (validation, access, a bug), and wherever (a pipe, a guard,
 * the handler), the client's acknowledgement gets the error shape. Nest's own handler would emit
 * an `exception` event echoing the payload and leave the acknowledgement unanswered.
 */
@Catch()
export class SocketAckFilter implements WsExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toErrorBody(exception).body;
    // Nest calls a handler with (socket, payload, acknowledgement, event name); the callback is the one function.
    const ack = host.getArgs().find((argument): argument is AckCallback => typeof argument === 'function');
    ack?.({ ok: false, error });
  }
}

/** A socket.io gateway whose every handler answers failures through its acknowledgement. Use instead of @WebSocketGateway(). */
export const SocketGateway = (): ClassDecorator => applyDecorators(WebSocketGateway(), UseFilters(new SocketAckFilter()));
