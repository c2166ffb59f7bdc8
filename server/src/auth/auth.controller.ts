import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiNoContentResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClientAddress, CurrentCaller, Public } from '../common/decorators';
import type { Caller, KnotworkRequest } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { toUserDto, UserDto } from '../users/users.dto';
import { ChangePasswordBody, LoginBody, REGISTRATION_ACCEPTED, RegisterBody, RegistrationDto, SessionDto, SignedOutCountDto, toSessionDto } from './auth.dto';
import { AuthService, type ClientInfo } from './auth.service';
import { DeviceCookies } from './device-cookie';
import { SessionCookie } from './session-cookie';

function clientOf(request: KnotworkRequest, address: string): ClientInfo {
  return { address, userAgent: request.headers['user-agent'] ?? null, cookies: request.cookies ?? {} };
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
    private readonly deviceCookies: DeviceCookies,
  ) {}

  @Public()
  @Post('register')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Create an account, then sign in with the same email and password',
    description:
      'Answers the same whether or not the email already has an account (which is left unchanged), so that nobody can ' +
      'find out who has one. Sign in next with POST /api/auth/login: it succeeds for a new account, and for an existing ' +
      'one only with its own password.',
  })
  @ApiAcceptedResponse({ type: RegistrationDto })
  async register(@Body() body: RegisterBody, @Req() request: KnotworkRequest, @ClientAddress() address: string): Promise<RegistrationDto> {
    await this.auth.register(body, clientOf(request, address));
    return REGISTRATION_ACCEPTED;
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in',
    description:
      'Sets the session cookie and a device cookie: a later sign-in to the same account from the same browser is counted ' +
      'apart from other attempts, so that guesses made elsewhere do not slow it down.',
  })
  @ApiOkResponse({ type: UserDto })
  async login(
    @Body() body: LoginBody,
    @Req() request: KnotworkRequest,
    @ClientAddress() address: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserDto> {
    const { token, user, deviceCookie } = await this.auth.login(body, clientOf(request, address));
    this.cookie.set(response, token);
    this.deviceCookies.set(response, deviceCookie);
    return toUserDto(user);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out of this browser' })
  @ApiNoContentResponse()
  async logout(@CurrentCaller() caller: Caller, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(caller.sessionId, caller.userId);
    this.cookie.clear(response);
  }

  @Post('logout-everywhere')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign out of every browser and device, this one included' })
  @ApiOkResponse({ type: SignedOutCountDto })
  async logoutEverywhere(@CurrentCaller() caller: Caller, @Res({ passthrough: true }) response: Response): Promise<SignedOutCountDto> {
    const ended = await this.auth.endAllSessions(caller.userId);
    this.cookie.clear(response);
    return { ended };
  }

  @Get('me')
  @ApiOperation({ summary: 'The signed-in account' })
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentCaller() caller: Caller): Promise<UserDto> {
    return toUserDto(await this.auth.currentUser(caller.userId));
  }

  @Get('sessions')
  @ApiOperation({ summary: 'Where this account is signed in' })
  @ApiOkResponse({ type: [SessionDto] })
  async sessions(@CurrentCaller() caller: Caller): Promise<SessionDto[]> {
    return (await this.auth.listSessions(caller.userId)).map((session) => toSessionDto(session, caller.sessionId));
  }

  @Delete('sessions/:sessionId')
  @HttpCode(204)
  @ApiOperation({ summary: 'End one session' })
  @ApiNoContentResponse()
  async endSession(
    @CurrentCaller() caller: Caller,
    @UuidParam('sessionId') sessionId: string,
  ): Promise<void> {
    await this.auth.endSession(caller.userId, sessionId);
  }

  @Post('password')
  @HttpCode(204)
  @ApiOperation({ summary: 'Change the password; signs out every other session' })
  @ApiNoContentResponse()
  async changePassword(@CurrentCaller() caller: Caller, @Body() body: ChangePasswordBody): Promise<void> {
    await this.auth.changePassword(caller.userId, caller.sessionId, body.currentPassword, body.newPassword);
  }
}
