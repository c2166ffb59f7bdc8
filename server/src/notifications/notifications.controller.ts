import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Public } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { CurrentNetwork, RequiresNetwork } from '../networks/network-access.guard';
import type { NetworkAccess } from '../networks/network-access.policy';
import {
  LevelDto,
  ListNotificationsQuery,
  MarkNotificationsReadBody,
  NotificationPageDto,
  NotificationPreferencesDto,
  OneClickUnsubscribeBody,
  SetLevelBody,
  UnreadCountDto,
  UnsubscribeBody,
  UnsubscribeDto,
  UnsubscribeQuery,
  UpdatePreferencesBody,
} from './notifications.dto';
import { NotificationsService } from './notifications.service';
import { UnsubscribeService } from './unsubscribe.service';

@ApiTags('notifications')
@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly unsubscribes: UnsubscribeService,
  ) {}

  @Get('notifications')
  @ApiOperation({ summary: 'My notifications, newest first' })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentCaller() caller: Caller, @Query() query: ListNotificationsQuery): Promise<NotificationPageDto> {
    return this.notifications.list(caller, query);
  }

  @Get('notifications/unread-count')
  @ApiOperation({ summary: 'How many of my notifications are unread' })
  @ApiOkResponse({ type: UnreadCountDto })
  async unreadCount(@CurrentCaller() caller: Caller): Promise<UnreadCountDto> {
    return { unreadCount: await this.notifications.unreadCount(caller) };
  }

  @Post('notifications/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark some of my notifications (ids) or all of them (all: true) read' })
  @ApiOkResponse({ type: UnreadCountDto })
  async markRead(@CurrentCaller() caller: Caller, @Body() body: MarkNotificationsReadBody): Promise<UnreadCountDto> {
    return { unreadCount: await this.notifications.markRead(caller, body) };
  }

  @Get('me/notification-preferences')
  @ApiOperation({ summary: 'My e-mail choice and my level in each of my networks' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  preferences(@CurrentCaller() caller: Caller): Promise<NotificationPreferencesDto> {
    return this.notifications.preferences(caller);
  }

  @Put('me/notification-preferences')
  @ApiOperation({ summary: 'Change my e-mail choice and levels in my networks' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  updatePreferences(@CurrentCaller() caller: Caller, @Body() body: UpdatePreferencesBody): Promise<NotificationPreferencesDto> {
    return this.notifications.updatePreferences(caller, body);
  }

  @Put('networks/:networkId/notification-level')
  @RequiresNetwork('read')
  @ApiOperation({ summary: 'My notification level in one network (watching, normal or muted)' })
  @ApiOkResponse({ type: LevelDto })
  async setNetworkLevel(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess, @Body() body: SetLevelBody): Promise<LevelDto> {
    return { level: await this.notifications.setNetworkLevel(caller, access.network.id, body.level) };
  }

  @Public()
  @Get('unsubscribe')
  @ApiOperation({ summary: 'What an unsubscribe link from an e-mail would do (no sign-in needed; changes nothing)' })
  @ApiOkResponse({ type: UnsubscribeDto })
  describeUnsubscribe(@Query() query: UnsubscribeQuery): Promise<UnsubscribeDto> {
    return this.unsubscribes.describe(query.token);
  }

  @Public()
  @Post('unsubscribe')
  @HttpCode(200)
  @ApiOperation({ summary: 'Do what an unsubscribe link from an e-mail says (no sign-in needed)' })
  @ApiOkResponse({ type: UnsubscribeDto })
  unsubscribe(@Body() body: UnsubscribeBody): Promise<UnsubscribeDto> {
    return this.unsubscribes.perform(body.token);
  }

  @Public()
  @Post('unsubscribe/one-click')
  @HttpCode(200)
  @ApiOperation({
    summary: "A mail program's one-click unsubscribe (RFC 8058): a form body List-Unsubscribe=One-Click, the token in the query (no sign-in needed)",
  })
  @ApiOkResponse({ type: UnsubscribeDto })
  oneClick(@Query() query: UnsubscribeQuery, @Body() _body: OneClickUnsubscribeBody): Promise<UnsubscribeDto> {
    return this.unsubscribes.perform(query.token);
  }
}
