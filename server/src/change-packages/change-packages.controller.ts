import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { CurrentNetwork, RequiresNetwork } from '../networks/network-access.guard';
import type { NetworkAccess } from '../networks/network-access.policy';
import { ChangePackageDto, ChangePackageTitleBody, ChangePackageWithContentDto, EditableChangePackageDto } from './change-packages.dto';
import { ChangePackagesService } from './change-packages.service';

@ApiTags('change packages')
@Controller()
export class ChangePackagesController {
  constructor(private readonly packages: ChangePackagesService) {}

  @Post('networks/:networkId/change-packages')
  @RequiresNetwork('contribute')
  @ApiOperation({ summary: 'Start a change package in a network' })
  @ApiCreatedResponse({ type: ChangePackageDto })
  create(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess, @Body() body: ChangePackageTitleBody): Promise<ChangePackageDto> {
    return this.packages.create(caller, access, { title: body.title });
  }

  @Get('networks/:networkId/change-packages')
  @RequiresNetwork('read')
  @ApiOperation({ summary: "A network's change packages" })
  @ApiOkResponse({ type: [ChangePackageDto] })
  list(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess): Promise<ChangePackageDto[]> {
    return this.packages.list(caller, access);
  }

  @Get('change-packages')
  @ApiOperation({ summary: 'Change packages you can edit, across your networks' })
  @ApiOkResponse({ type: [EditableChangePackageDto] })
  editable(@CurrentCaller() caller: Caller): Promise<EditableChangePackageDto[]> {
    return this.packages.editable(caller);
  }

  @Get('change-packages/:packageId')
  @ApiOperation({ summary: 'A change package with its current content as JSON (aim, drivers, ideas, measures)' })
  @ApiOkResponse({ type: ChangePackageWithContentDto })
  get(@CurrentCaller() caller: Caller, @UuidParam('packageId') packageId: string): Promise<ChangePackageWithContentDto> {
    return this.packages.get(caller, packageId);
  }

  @Patch('change-packages/:packageId')
  @ApiOperation({ summary: 'Rename a change package' })
  @ApiOkResponse({ type: ChangePackageDto })
  rename(@CurrentCaller() caller: Caller, @UuidParam('packageId') packageId: string, @Body() body: ChangePackageTitleBody): Promise<ChangePackageDto> {
    return this.packages.rename(caller, packageId, body.title);
  }
}
