import { apiClient, unwrap, type Version } from '$lib/api/client';
import { failLoad } from '$lib/api/load';
import { needsYou, recentActivity } from './overview';
import type { PageLoad } from './$types';

/** How many of the newest change packages the activity looks into, so that the page stays fast. */
const PACKAGES_WITH_ACTIVITY = 5;
const ACTIVITY_ITEMS = 8;

/** What the overview shows: what is happening, and what needs the person. */
export const load: PageLoad = async ({ params, parent, url, fetch, depends }) => {
  depends('app:network');
  const { network, user } = await parent();
  const client = apiClient(fetch, url.origin);
  const path = { networkId: params.networkId };
  try {
    const [members, teams, changePackages, invitations, preferences] = await Promise.all([
      unwrap(client.GET('/api/networks/{networkId}/members', { params: { path } })),
      unwrap(client.GET('/api/networks/{networkId}/teams', { params: { path } })),
      unwrap(client.GET('/api/networks/{networkId}/change-packages', { params: { path } })),
      network.can.administer ? unwrap(client.GET('/api/networks/{networkId}/invitations', { params: { path } })) : null,
      // Only members hear from a network, so only they choose how much.
      network.myRole ? unwrap(client.GET('/api/me/notification-preferences')) : null,
    ]);
    const notificationLevel = preferences?.networks.find((entry) => entry.networkId === network.id)?.level ?? null;
    // Packages are listed oldest first; the newest are where things are happening.
    const recent = changePackages.slice(-PACKAGES_WITH_ACTIVITY);
    const versionLists = await Promise.all(
      recent.map((changePackage) => unwrap(client.GET('/api/change-packages/{packageId}/versions', { params: { path: { packageId: changePackage.id } } }))),
    );
    const versions = new Map<string, Version[]>(recent.map((changePackage, index) => [changePackage.id, versionLists[index]]));
    const facts = { network, viewerId: user.id, members, teams, changePackages, versions, invitations };
    return { changePackages, notificationLevel, activity: recentActivity(facts, ACTIVITY_ITEMS), needs: needsYou(facts) };
  } catch (cause) {
    failLoad(cause, url);
  }
};
