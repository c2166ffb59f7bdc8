import { redirect } from '@sveltejs/kit';
import { invitationInNext, safeNext } from '$lib/auth';
import type { PageLoad } from './$types';

/**
 * Someone already signed in goes straight on to where they were heading. Coming from an
 * invitation, the page says which network it is for.
 */
export const load: PageLoad = async ({ parent, url, fetch }) => {
  const { user } = await parent();
  if (user) redirect(307, safeNext(url));
  return { invitation: await invitationInNext(url, fetch) };
};
