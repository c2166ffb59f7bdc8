import { loadLessonChoices } from '../choices';
import type { PageLoad } from './$types';

/** ?idea=<id>&ideaTitle=… links the new lesson to a change idea (from the idea's lessons panel). */
export const load: PageLoad = async ({ url, params, fetch, parent }) => {
  const id = url.searchParams.get('idea');
  const { network } = await parent();
  // Only someone who may write here is offered choices (the page explains the rest).
  const choices = network.can.contribute ? await loadLessonChoices(fetch, url.origin, params.networkId) : null;
  return { idea: id ? { id, title: url.searchParams.get('ideaTitle') ?? '' } : null, choices };
};
