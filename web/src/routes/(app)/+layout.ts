import { requireUser } from '$lib/auth';
import type { LayoutLoad } from './$types';

/** Every page in (app) needs an account: a signed-out visitor is sent to sign in, and back after. */
export const load: LayoutLoad = async (event) => ({ user: await requireUser(event) });
