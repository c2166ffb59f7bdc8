import { redirect } from '@sveltejs/kit';
import type { PageLoad } from './$types';

/** Signed-in people start at their networks; everyone else sees the welcome. */
export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  if (user) redirect(307, '/networks');
};
