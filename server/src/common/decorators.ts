import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Caller, KnotworkRequest } from './request-context';

export const IS_PUBLIC = 'knotwork:public';

/** The route answers callers who are not signed in (health, sign-in, sign-up). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The signed-in caller; routes that are not @Public() always have one. */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<KnotworkRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a route without a signed-in caller');
  return caller;
});

/** On a @Public() route: the caller when they are signed in, or null. */
export const OptionalCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Caller | null => context.switchToHttp().getRequest<KnotworkRequest>().caller ?? null,
);

/** The client's address: the socket's, or X-Forwarded-For's when TRUST_PROXY says so (express's req.ip). */
export const ClientAddress = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<KnotworkRequest>().ip ?? 'unknown',
);
