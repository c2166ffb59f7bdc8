import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { AttendanceDto, CreatePollBody, PollDto, RoomRecordDto } from './live-room.dto';
import { LiveRoomService } from './live-room.service';

/** The live room's REST doors; everything else in the room goes over socket.io (LiveRoomGateway). */
@ApiTags('learning-sessions')
@Controller('learning-sessions/:sessionId')
export class LiveRoomController {
  constructor(private readonly room: LiveRoomService) {}

  @Post('polls')
  @ApiOperation({ summary: 'Open a poll in the live room (coaches and admins); the room hears poll:opened' })
  @ApiCreatedResponse({ type: PollDto })
  createPoll(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string, @Body() body: CreatePollBody): Promise<PollDto> {
    return this.room.createPoll(caller.userId, sessionId, body);
  }

  @Get('attendance')
  @ApiOperation({ summary: 'Who came to the live room, when, and by team (coaches and admins)' })
  @ApiOkResponse({ type: AttendanceDto })
  attendance(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string): Promise<AttendanceDto> {
    return this.room.attendance(caller.userId, sessionId);
  }

  @Get('room-record')
  @ApiOperation({ summary: 'What the live room produced: questions, poll results, attendance by team (coaches and admins; any time)' })
  @ApiOkResponse({ type: RoomRecordDto })
  record(@CurrentCaller() caller: Caller, @UuidParam('sessionId') sessionId: string): Promise<RoomRecordDto> {
    return this.room.record(caller.userId, sessionId);
  }
}
