import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '../platform/config';
import { Transactions } from '../platform/transactions';
import { DEFAULT_EMAIL_CHOICE } from './notification.rules';
import type { UnsubscribeDto } from './notifications.dto';
import { NotificationErrors } from './notifications.errors';
import { NotificationsRepository } from './notifications.repository';
import { readUnsubscribeToken, type UnsubscribeRequest } from './unsubscribe-token';

/**
 * The unsubscribe link of a mail, without signing in: the signed token says who and what. Looking
 * (GET) changes nothing, so that mail scanners that follow links do not unsubscribe anyone;
 * POST does it (the page's button, or a mail program's one-click request).
 */
@Injectable()
export class UnsubscribeService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly repository: NotificationsRepository,
    private readonly transactions: Transactions,
  ) {}

  private read(token: string): UnsubscribeRequest {
    const request = readUnsubscribeToken(token, this.config.sessionSecret);
    if (!request) throw NotificationErrors.badUnsubscribeToken();
    return request;
  }

  async describe(token: string): Promise<UnsubscribeDto> {
    const request = this.read(token);
    if (!(await this.repository.person(request.userId))) throw NotificationErrors.unsubscribeUserGone();
    if (request.what === 'email') {
      const choice = (await this.repository.emailChoicesOf([request.userId])).get(request.userId) ?? DEFAULT_EMAIL_CHOICE;
      return {
        what: 'email',
        networkId: null,
        networkName: null,
        description: 'Stop all notification e-mails. You will still see notifications in Knotwork, and invitations are still sent.',
        done: choice === 'never',
      };
    }
    const networkName = (await this.repository.networkName(request.networkId)) ?? 'a network';
    const own = (await this.repository.levelsOf([request.userId], request.networkId, null)).get(request.userId);
    return {
      what: 'network',
      networkId: request.networkId,
      networkName,
      description: `Mute ${networkName}: no notifications or e-mails from it.`,
      done: own?.network === 'muted',
    };
  }

  async perform(token: string): Promise<UnsubscribeDto> {
    const request = this.read(token);
    if (!(await this.repository.person(request.userId))) throw NotificationErrors.unsubscribeUserGone();
    await this.transactions.run(async (manager) => {
      if (request.what === 'email') await this.repository.setEmailChoice(request.userId, 'never', manager);
      else if (await this.repository.networkName(request.networkId, manager)) await this.repository.setNetworkLevel(request.userId, request.networkId, 'muted', manager);
    });
    return this.describe(token);
  }
}
