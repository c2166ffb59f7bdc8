import type { PageLoad } from './$types';

/** ?idea=<id>&ideaTitle=… links the new lesson to a change idea (from the idea's lessons panel). */
export const load: PageLoad = ({ url }) => {
  const id = url.searchParams.get('idea');
  return { idea: id ? { id, title: url.searchParams.get('ideaTitle') ?? '' } : null };
};
