import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, OptionalCaller, Public } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { CurrentNetwork, RequiresNetwork } from './network-access.guard';
import type { NetworkAccess } from './network-access.policy';
import { CreateInvitationBody, CreatedInvitationDto, InvitationDto, InvitationPreviewDto } from './invitations.dto';
import { InvitationsService } from './invitations.service';
import { NetworkDto } from './networks.dto';

@ApiTags('invitations')
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post('networks/:networkId/invitations')
  @RequiresNetwork('administer')
  @ApiOperation({ summary: 'Create an invitation link' })
  @ApiCreatedResponse({ type: CreatedInvitationDto })
  create(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess, @Body() body: CreateInvitationBody): Promise<CreatedInvitationDto> {
    return this.invitations.createInvitation(caller, access.network.id, body);
  }

  @Get('networks/:networkId/invitations')
  @RequiresNetwork('administer')
  @ApiOperation({ summary: 'Invitations of a network' })
  @ApiOkResponse({ type: [InvitationDto] })
  list(@CurrentNetwork() access: NetworkAccess): Promise<InvitationDto[]> {
    return this.invitations.listInvitations(access.network.id);
  }

  @Delete('networks/:networkId/invitations/:invitationId')
  @HttpCode(204)
  @RequiresNetwork('administer')
  @ApiOperation({ summary: 'Withdraw an invitation' })
  @ApiNoContentResponse()
  revoke(@CurrentNetwork() access: NetworkAccess, @UuidParam('invitationId') invitationId: string): Promise<void> {
    return this.invitations.revokeInvitation(access.network.id, invitationId);
  }

  @Public()
  @Get('invitations/:token')
  @ApiOperation({ summary: 'What an invitation is for (no sign-in needed); to a signed-in member, also their role there' })
  @ApiOkResponse({ type: InvitationPreviewDto })
  preview(@OptionalCaller() caller: Caller | null, @Param('token') token: string): Promise<InvitationPreviewDto> {
    return this.invitations.previewInvitation(caller, token);
  }

  @Post('invitations/:token/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an invitation and join its network' })
  @ApiOkResponse({ type: NetworkDto })
  accept(@CurrentCaller() caller: Caller, @Param('token') token: string): Promise<NetworkDto> {
    return this.invitations.acceptInvitation(caller, token);
  }
}
