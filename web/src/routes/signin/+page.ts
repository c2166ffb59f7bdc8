import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/auth';
import type { PageLoad } from './$types';

/** Someone already signed in goes straight on to where they were heading. */
export const load: PageLoad = async ({ parent, url }) => {
  const { user } = await parent();
  if (user) redirect(307, safeNext(url));
};
