import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { CurrentNetwork, RequiresNetwork } from './network-access.guard';
import { MembershipsService } from './memberships.service';
import type { NetworkAccess } from './network-access.policy';
import {
  CreateNetworkBody,
  ListNetworksQuery,
  NetworkDto,
  NetworkLinkDto,
  NetworkPageDto,
  NetworkTreeDto,
  UpdateNetworkBody,
} from './networks.dto';
import { NetworksService } from './networks.service';

@ApiTags('networks')
@Controller('networks')
export class NetworksController {
  constructor(
    private readonly networks: NetworksService,
    private readonly memberships: MembershipsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a learning network; you become its admin' })
  @ApiCreatedResponse({ type: NetworkDto })
  create(@CurrentCaller() caller: Caller, @Body() body: CreateNetworkBody): Promise<NetworkDto> {
    return this.networks.create(caller, body);
  }

  @Get()
  @ApiOperation({ summary: 'Public networks and the ones you belong to' })
  @ApiOkResponse({ type: NetworkPageDto })
  list(@CurrentCaller() caller: Caller, @Query() query: ListNetworksQuery): Promise<NetworkPageDto> {
    return this.networks.list(caller, query);
  }

  @Get(':networkId')
  @RequiresNetwork('read')
  @ApiOperation({ summary: 'One network' })
  @ApiOkResponse({ type: NetworkDto })
  get(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess): Promise<NetworkDto> {
    return this.networks.get(caller, access.network.id);
  }

  @Patch(':networkId')
  @RequiresNetwork('administer')
  @ApiOperation({ summary: "Change a network's name, description, level, visibility or parent" })
  @ApiOkResponse({ type: NetworkDto })
  update(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess, @Body() body: UpdateNetworkBody): Promise<NetworkDto> {
    return this.networks.update(caller, access, body);
  }

  @Get(':networkId/tree')
  @RequiresNetwork('read')
  @ApiOperation({ summary: 'The ancestors and sub-networks you may see' })
  @ApiOkResponse({ type: NetworkTreeDto })
  tree(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess): Promise<NetworkTreeDto> {
    return this.networks.tree(caller, access.network.id);
  }

  @Get(':networkId/parent-choices')
  @RequiresNetwork('administer')
  @ApiOperation({ summary: 'The networks this one could be placed under: those you administer, never itself or one of its sub-networks' })
  @ApiOkResponse({ type: [NetworkLinkDto] })
  parentChoices(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess): Promise<NetworkLinkDto[]> {
    return this.networks.parentChoices(caller, access);
  }

  @Post(':networkId/join')
  @RequiresNetwork('read')
  @ApiOperation({ summary: 'Join a public network as a member' })
  @ApiCreatedResponse({ type: NetworkDto })
  join(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess): Promise<NetworkDto> {
    return this.memberships.join(caller, access);
  }

  @Post(':networkId/leave')
  @HttpCode(204)
  @RequiresNetwork('contribute')
  @ApiOperation({ summary: 'Leave a network (the last admin cannot)' })
  @ApiNoContentResponse()
  leave(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess): Promise<void> {
    return this.memberships.leave(caller, access.network.id);
  }
}
