import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { CurrentNetwork, RequiresNetwork } from '../networks/network-access.guard';
import type { NetworkAccess } from '../networks/network-access.policy';
import { ModerationSummaryDto, PostDto, ReasonBody, RevealDto, RevealListDto, ReportListDto, ResolveReportBody } from './discussions.dto';
import { ModerationService } from './moderation.service';

class ReportCreatedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}

@ApiTags('discussions')
@Controller()
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Post('posts/:postId/hide')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hide a post from members, with a reason (moderators)' })
  @ApiOkResponse({ type: PostDto })
  hide(@CurrentCaller() caller: Caller, @UuidParam('postId') postId: string, @Body() body: ReasonBody): Promise<PostDto> {
    return this.moderation.hide(caller, postId, body.reason);
  }

  @Delete('posts/:postId/hide')
  @ApiOperation({ summary: 'Show a hidden post again (moderators)' })
  @ApiOkResponse({ type: PostDto })
  unhide(@CurrentCaller() caller: Caller, @UuidParam('postId') postId: string): Promise<PostDto> {
    return this.moderation.hide(caller, postId, null);
  }

  @Post('posts/:postId/reports')
  @ApiOperation({ summary: 'Report a post to the moderators (once while the report is open)' })
  @ApiCreatedResponse({ type: ReportCreatedDto })
  report(@CurrentCaller() caller: Caller, @UuidParam('postId') postId: string, @Body() body: ReasonBody): Promise<ReportCreatedDto> {
    return this.moderation.report(caller, postId, body.reason);
  }

  @Get('networks/:networkId/moderation/reports')
  @RequiresNetwork('moderate')
  @ApiOperation({ summary: 'Open reports, oldest first (moderators)' })
  @ApiOkResponse({ type: ReportListDto })
  queue(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess): Promise<ReportListDto> {
    return this.moderation.queue(caller, access);
  }

  @Get('networks/:networkId/moderation/summary')
  @RequiresNetwork('moderate')
  @ApiOperation({ summary: 'How many reports wait (moderators)' })
  @ApiOkResponse({ type: ModerationSummaryDto })
  summary(@CurrentNetwork() access: NetworkAccess): Promise<ModerationSummaryDto> {
    return this.moderation.summary(access);
  }

  @Post('reports/:reportId/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss a report, or hide the post (moderators); answers how many still wait' })
  @ApiOkResponse({ type: ModerationSummaryDto })
  resolve(@CurrentCaller() caller: Caller, @UuidParam('reportId') reportId: string, @Body() body: ResolveReportBody): Promise<ModerationSummaryDto> {
    return this.moderation.resolve(caller, reportId, body);
  }

  @Post('posts/:postId/reveal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Who wrote an anonymous post (admins; every reveal is recorded)' })
  @ApiOkResponse({ type: RevealDto })
  reveal(@CurrentCaller() caller: Caller, @UuidParam('postId') postId: string): Promise<RevealDto> {
    return this.moderation.reveal(caller, postId);
  }

  @Get('networks/:networkId/reveals')
  @RequiresNetwork('administer')
  @ApiOperation({ summary: 'Who revealed whose anonymous post, and when (admins)' })
  @ApiOkResponse({ type: RevealListDto })
  reveals(@CurrentNetwork() access: NetworkAccess): Promise<RevealListDto> {
    return this.moderation.reveals(access);
  }
}
