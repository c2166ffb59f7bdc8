import type { LayoutServerLoad } from './$types';

/** Who is signed in (found by hooks.server.ts); signing in or out re-runs it with invalidateAll. */
export const load: LayoutServerLoad = ({ locals }) => ({ user: locals.user });
