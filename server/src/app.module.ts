import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { ChangePackagesModule } from './change-packages/change-packages.module';
import { CollabModule } from './collab/collab.module';
import { NetworksModule } from './networks/networks.module';
import { PlatformModule, type PlatformServices } from './platform/platform.module';
import { SearchModule } from './search/search.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(services: PlatformServices): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(services), SearchModule, UsersModule, AuthModule, NetworksModule, CollabModule, ChangePackagesModule],
    };
  }
}
