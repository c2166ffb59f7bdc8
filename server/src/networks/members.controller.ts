import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { CurrentNetwork, RequiresNetwork } from './network-access.guard';
import type { NetworkAccess } from './network-access.policy';
import { MemberDto, UpdateMemberBody } from './memberships.dto';
import { MembershipsService } from './memberships.service';
import { TeamBody, TeamDto } from './teams.dto';
import { TeamsService } from './teams.service';

@ApiTags('networks')
@Controller('networks/:networkId')
export class MembersController {
  constructor(
    private readonly memberships: MembershipsService,
    private readonly teamsService: TeamsService,
  ) {}

  @Get('members')
  @RequiresNetwork('read')
  @ApiOperation({ summary: 'Members with their roles and teams (emails for admins only)' })
  @ApiOkResponse({ type: [MemberDto] })
  members(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess): Promise<MemberDto[]> {
    return this.memberships.listMembers(caller, access);
  }

  @Patch('members/:userId')
  @RequiresNetwork('contribute')
  @ApiOperation({ summary: "Change a member's role, team or partner flag (members may change their own team and flag)" })
  @ApiOkResponse({ type: MemberDto })
  updateMember(
    @CurrentCaller() caller: Caller,
    @CurrentNetwork() access: NetworkAccess,
    @UuidParam('userId') userId: string,
    @Body() body: UpdateMemberBody,
  ): Promise<MemberDto> {
    return this.memberships.updateMember(caller, access, userId, body);
  }

  @Delete('members/:userId')
  @HttpCode(204)
  @RequiresNetwork('administer')
  @ApiOperation({ summary: 'Remove a member' })
  @ApiNoContentResponse()
  removeMember(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess, @UuidParam('userId') userId: string): Promise<void> {
    return this.memberships.removeMember(caller, access.network.id, userId);
  }

  @Get('teams')
  @RequiresNetwork('read')
  @ApiOperation({ summary: 'Teams (one per participating site)' })
  @ApiOkResponse({ type: [TeamDto] })
  teams(@CurrentNetwork() access: NetworkAccess): Promise<TeamDto[]> {
    return this.teamsService.listTeams(access.network.id);
  }

  @Post('teams')
  @RequiresNetwork('administer')
  @ApiOperation({ summary: 'Add a team' })
  @ApiCreatedResponse({ type: TeamDto })
  createTeam(@CurrentNetwork() access: NetworkAccess, @Body() body: TeamBody): Promise<TeamDto> {
    return this.teamsService.createTeam(access.network.id, body.name);
  }

  @Patch('teams/:teamId')
  @RequiresNetwork('administer')
  @ApiOperation({ summary: 'Rename a team' })
  @ApiOkResponse({ type: TeamDto })
  renameTeam(@CurrentNetwork() access: NetworkAccess, @UuidParam('teamId') teamId: string, @Body() body: TeamBody): Promise<TeamDto> {
    return this.teamsService.renameTeam(access.network.id, teamId, body.name);
  }

  @Delete('teams/:teamId')
  @HttpCode(204)
  @RequiresNetwork('administer')
  @ApiOperation({ summary: 'Delete a team; its members stay in the network' })
  @ApiNoContentResponse()
  deleteTeam(@CurrentNetwork() access: NetworkAccess, @UuidParam('teamId') teamId: string): Promise<void> {
    return this.teamsService.deleteTeam(access.network.id, teamId);
  }
}
