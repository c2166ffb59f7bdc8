import { Body, Controller, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { toUserDto, UpdateProfileBody, UserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Patch('me')
  @ApiOperation({ summary: 'Update your profile' })
  @ApiOkResponse({ type: UserDto })
  async updateMe(@CurrentCaller() caller: Caller, @Body() body: UpdateProfileBody): Promise<UserDto> {
    return toUserDto(await this.users.updateProfile(caller.userId, body));
  }
}
