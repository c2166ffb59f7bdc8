import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { CurrentNetwork, RequiresNetwork } from '../networks/network-access.guard';
import type { NetworkAccess } from '../networks/network-access.policy';
import { BarrierLinkResultDto, BarrierPageDto, BarrierRegisterQuery, BarrierResponseDto, LinkBarriersBody, RespondToBarrierBody } from './barriers.dto';
import { BarriersService } from './barriers.service';

@ApiTags('barriers')
@Controller()
export class BarriersController {
  constructor(private readonly barriers: BarriersService) {}

  @Get('networks/:networkId/barriers')
  @RequiresNetwork('read')
  @ApiOperation({ summary: "The network's barrier register: systemic barriers raised in it and in the networks below it, newest first" })
  @ApiOkResponse({ type: BarrierPageDto })
  register(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess, @Query() query: BarrierRegisterQuery): Promise<BarrierPageDto> {
    return this.barriers.register(caller, access, query);
  }

  @Post('barriers/:barrierId/responses')
  @ApiOperation({ summary: 'Answer a systemic barrier from a network above the one that raised it (coaches and admins)' })
  @ApiCreatedResponse({ type: BarrierResponseDto })
  respond(@CurrentCaller() caller: Caller, @UuidParam('barrierId') barrierId: string, @Body() body: RespondToBarrierBody): Promise<BarrierResponseDto> {
    return this.barriers.respond(caller, barrierId, body);
  }

  @Post('networks/:networkId/barriers/links')
  @RequiresNetwork('moderate')
  @ApiOperation({ summary: 'Make barriers of this register one barrier hit in several places (coaches and admins)' })
  @ApiCreatedResponse({ type: BarrierLinkResultDto })
  link(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess, @Body() body: LinkBarriersBody): Promise<BarrierLinkResultDto> {
    return this.barriers.link(caller, access, body);
  }

  @Delete('networks/:networkId/barriers/:barrierId/link')
  @RequiresNetwork('moderate')
  @HttpCode(204)
  @ApiOperation({ summary: 'Take a barrier out of its link (coaches and admins of a network holding the whole link)' })
  @ApiNoContentResponse()
  unlink(@CurrentNetwork() access: NetworkAccess, @UuidParam('barrierId') barrierId: string): Promise<void> {
    return this.barriers.unlink(access, barrierId);
  }
}
