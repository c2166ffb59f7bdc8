import { failLoad } from '$lib/api/load';
import { apiClient, unwrap } from '$lib/api/client';
import type { SubjectType, ThreadSort } from '$lib/discussions/types';
import type { PageLoad } from './$types';

/**
 * The network's threads as the address filters them (?sort, ?tag, ?unread), and the subject it is
 * narrowed to (?about=change_idea&id=…&package=…&title=…, or ?about=lesson&id=…&title=…), which ?new=1 also prefills a new thread with.
 */
export const load: PageLoad = async ({ parent, url, fetch }) => {
  const { network } = await parent();
  const sort: ThreadSort = url.searchParams.get('sort') === 'newest' ? 'newest' : 'activity';
  const tag = url.searchParams.get('tag')?.trim() || '';
  const unread = url.searchParams.get('unread') === 'true';
  const about = url.searchParams.get('about');
  const subject =
    (about === 'change_idea' || about === 'change_package' || about === 'lesson') && url.searchParams.get('id')
      ? {
          type: about as SubjectType,
          id: url.searchParams.get('id') ?? '',
          // A lesson belongs to no change package.
          packageId: about === 'lesson' ? null : (url.searchParams.get('package') ?? url.searchParams.get('id') ?? ''),
          title: url.searchParams.get('title') ?? '',
        }
      : null;
  try {
    const query = {
      sort,
      tag: tag || undefined,
      unread: unread || undefined,
      ...(subject && { subjectType: subject.type, subjectId: subject.id }),
      limit: 30,
    };
    const threads = await unwrap(apiClient(fetch, url.origin).GET('/api/networks/{networkId}/threads', { params: { path: { networkId: network.id }, query } }));
    return { threads, filters: { sort, tag, unread }, subject, startNew: url.searchParams.get('new') === '1' };
  } catch (cause) {
    failLoad(cause, url);
  }
};
