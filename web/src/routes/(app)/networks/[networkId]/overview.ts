import type { ChangePackage, Invitation, Member, Network, Team, Version } from '$lib/api/client';
import { count } from '$lib/format';

/** One line of "What is happening": something that happened, when, and where to see it. */
export interface ActivityItem {
  key: string;
  at: string;
  text: string;
  href?: string;
}

/** One line of "What needs you": something the person could do, and where to do it. */
export interface NeedItem {
  key: string;
  text: string;
  href: string;
  action: string;
}

export interface OverviewFacts {
  network: Network;
  viewerId: string;
  members: Member[];
  teams: Team[];
  changePackages: ChangePackage[];
  /** Versions of the most recently started change packages, by package id. */
  versions: Map<string, Version[]>;
  /** Null unless the person is an admin. */
  invitations: Invitation[] | null;
}

/**
 * The newest things that happened in the network, newest first: people joining, change packages
 * started, versions kept, and editing (an automatic checkpoint is kept whenever editing stops; the
 * latest one per package stands for all of them).
 */
export function recentActivity(facts: OverviewFacts, limit: number): ActivityItem[] {
  const { network, members, changePackages, versions } = facts;
  const packageHref = (id: string) => `/networks/${network.id}/change-packages/${id}`;
  const items: ActivityItem[] = members.map((member) => ({
    key: `joined-${member.userId}`,
    at: member.joinedAt,
    text: `${member.displayName} joined the network`,
  }));
  for (const changePackage of changePackages) {
    const href = packageHref(changePackage.id);
    items.push({ key: `started-${changePackage.id}`, at: changePackage.createdAt, text: `The change package “${changePackage.title}” was started`, href });
    const packageVersions = versions.get(changePackage.id) ?? [];
    for (const version of packageVersions.filter((v) => v.kind === 'named')) {
      items.push({
        key: `version-${version.id}`,
        at: version.createdAt,
        text: `${version.createdByName ?? 'Someone'} kept a version of “${changePackage.title}”: ${version.name}`,
        href,
      });
    }
    // Versions come newest first.
    const lastEdit = packageVersions.find((v) => v.kind === 'checkpoint');
    if (lastEdit) items.push({ key: `edited-${changePackage.id}`, at: lastEdit.createdAt, text: `“${changePackage.title}” was edited`, href });
  }
  return items.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}

/** What the person could usefully do next here; empty when nothing is waiting for them. */
export function needsYou(facts: OverviewFacts): NeedItem[] {
  const { network, viewerId, members, teams, invitations } = facts;
  const peopleHref = `/networks/${network.id}/people`;
  const needs: NeedItem[] = [];
  const me = members.find((member) => member.userId === viewerId);
  // Coaches and admins often work across teams; a member without one is missing out.
  if (me?.role === 'member' && !me.teamId && teams.length > 0) {
    needs.push({ key: 'team', text: 'You are not in a team yet.', href: `${peopleHref}#members-heading`, action: 'Choose your team' });
  }
  if (network.can.administer) {
    if (!network.description.trim()) {
      needs.push({
        key: 'description',
        text: 'The network has no description yet, so newcomers cannot tell what it is working on.',
        href: `/networks/${network.id}/settings`,
        action: 'Add a description',
      });
    }
    const open = (invitations ?? []).filter((invitation) => invitation.status === 'active' && invitation.acceptedCount === 0);
    if (open.length > 0) {
      needs.push({
        key: 'open-invitations',
        text: `${count(open.length, 'invitation link is', 'invitation links are')} waiting for someone to use ${open.length === 1 ? 'it' : 'them'}.`,
        href: `${peopleHref}#invite-heading`,
        action: 'See invitations',
      });
    }
    const lapsed = (invitations ?? []).filter((invitation) => invitation.status === 'expired' && invitation.acceptedCount === 0);
    if (lapsed.length > 0) {
      needs.push({
        key: 'lapsed-invitations',
        text: `${count(lapsed.length, 'invitation', 'invitations')} expired before anyone used ${lapsed.length === 1 ? 'it' : 'them'}. Make a new link if the person still needs one.`,
        href: `${peopleHref}#invite-heading`,
        action: 'Invite people',
      });
    }
  }
  return needs;
}
