import { CanActivate, ExecutionContext, Injectable, SetMetadata, applyDecorators, UseGuards, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiParam } from '@nestjs/swagger';
import { isUuid } from '../common/uuid-param';
import type { KnotworkRequest } from '../common/request-context';
import { AuthErrors } from '../auth/auth.errors';
import { NetworkAccessPolicy, type NetworkAccess } from './network-access.policy';
import type { NetworkAction } from './network.rules';
import { NetworkErrors } from './networks.errors';

const NETWORK_ACTION = 'knotwork:network-action';

interface RequestWithAccess extends KnotworkRequest {
  networkAccess?: NetworkAccess;
}

/** Applies the access policy to the route's :networkId before the handler runs. */
@Injectable()
export class NetworkAccessGuard implements CanActivate {
  constructor(
    private readonly policy: NetworkAccessPolicy,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const action = this.reflector.get<NetworkAction>(NETWORK_ACTION, context.getHandler());
    const request = context.switchToHttp().getRequest<RequestWithAccess>();
    if (!request.caller) throw AuthErrors.notSignedIn();
    const networkId = request.params.networkId;
    if (!isUuid(networkId)) throw NetworkErrors.notFound();
    request.networkAccess = await this.policy.require(request.caller.userId, networkId.toLowerCase(), action);
    return true;
  }
}

/** The route needs `action` in the network named by its :networkId parameter. */
export const RequiresNetwork = (action: NetworkAction) =>
  applyDecorators(
    SetMetadata(NETWORK_ACTION, action),
    UseGuards(NetworkAccessGuard),
    ApiParam({ name: 'networkId', type: String, format: 'uuid', description: 'The network' }),
    ApiNotFoundResponse({ description: 'No such network, or a private network the caller is not a member of.' }),
    ApiForbiddenResponse({ description: `The caller's role does not allow: ${action}.` }),
  );

/** What the guard found: the network and the caller's membership. */
export const CurrentNetwork = createParamDecorator((_data: unknown, context: ExecutionContext): NetworkAccess => {
  const access = context.switchToHttp().getRequest<RequestWithAccess>().networkAccess;
  if (!access) throw new Error('CurrentNetwork used on a route without @RequiresNetwork()');
  return access;
});
