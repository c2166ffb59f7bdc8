import type { Settings } from 'meilisearch';

/**
 * Words people in quality improvement use for the same thing. Each group is mutual: a search for
 * any of them finds the others.
 */
export const JARGON: readonly (readonly string[])[] = [
  ['pdsa', 'plan-do-study-act', 'plan do study act', 'test of change', 'pdsa cycle'],
  ['pdca', 'plan-do-check-act', 'plan do check act'],
  ['a&e', 'ae', 'ed', 'emergency department', 'accident and emergency', 'emergency room', 'er'],
  ['gp', 'general practice', 'primary care', 'family practice', 'general practitioner'],
  ['dna', 'did not attend', 'no-show', 'no show', 'missed appointment'],
  ['qi', 'quality improvement'],
  ['spc', 'statistical process control', 'control chart', 'spc chart'],
  ['run chart', 'run diagram'],
  ['cmht', 'community mental health team', 'community mental health'],
  ['care home', 'nursing home', 'residential care'],
  ['phq-9', 'phq9', 'depression screen', 'depression screening'],
  ['los', 'length of stay'],
  ['dtoc', 'delayed transfer of care', 'delayed discharge', 'bed blocking'],
  ['icu', 'itu', 'intensive care', 'critical care'],
  ['ltc', 'long-term condition', 'long term condition', 'chronic disease'],
  ['mdt', 'multidisciplinary team', 'multi-disciplinary team'],
  ['hca', 'healthcare assistant', 'health care assistant', 'healthcare assistants', 'health care assistants'],
  ['ppi', 'patient and public involvement', 'patient partner', 'patient and family partner'],
  ['sbar', 'situation background assessment recommendation'],
  ['huddle', 'safety huddle', 'board round'],
  ['ltbi', 'latent tb'],
  ['vte', 'venous thromboembolism'],
  ['dvt', 'deep vein thrombosis'],
  ['cauti', 'catheter-associated urinary tract infection', 'catheter associated urinary tract infection', 'catheter infection'],
  ['pph', 'postpartum haemorrhage', 'postpartum hemorrhage', 'post-partum haemorrhage'],
  ['news2', 'news 2', 'national early warning score', 'early warning score'],
  ['copd', 'chronic obstructive pulmonary disease'],
  ['ssi', 'surgical site infection'],
  ['c. diff', 'c diff', 'c. difficile', 'clostridioides difficile', 'clostridium difficile'],
  ['uti', 'urinary tract infection'],
  ['medicines reconciliation', 'medication reconciliation', 'med rec', 'medrec'],
  ['pressure ulcer', 'pressure injury', 'pressure sore', 'bedsore', 'decubitus ulcer'],
  ['handover', 'handoff', 'hand-off'],
];

/**
 * A term's plural as people write it ("PDSAs", "no-shows", "GPs", "missed appointments"), or null.
 * A term ending in s has none here: "los" would become "loses".
 */
const pluralOf = (term: string): string | null => (/\p{L}$/u.test(term) && !/s$/i.test(term) ? `${term}s` : null);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const GROUP_PATTERNS = JARGON.map((group) => ({
  group,
  // Whole terms only, singular or plural: "ed" finds "EDs" and never the inside of another word.
  pattern: new RegExp(`(^|[^\\p{L}\\p{N}])(${group.map((term) => escapeRegExp(term) + (pluralOf(term) ? 's?' : '')).join('|')})(?=$|[^\\p{L}\\p{N}])`, 'iu'),
}));

/**
 * Jargon people write with spaces that a search engine splits into everyday words: "A and E" or
 * "A & E" would otherwise search for "a", "and" and "e", which match nearly everything. Written as
 * the term ("A&E"), the query finds its synonyms like any other.
 */
const SPLIT_JARGON: readonly [RegExp, string][] = [[/(^|[^\p{L}\p{N}])a\s*(?:and|&|\+|n)\s*e(?=$|[^\p{L}\p{N}])/giu, '$1A&E']];

export function queryAsJargon(query: string): string {
  return SPLIT_JARGON.reduce((text, [pattern, term]) => text.replace(pattern, term), query);
}

/**
 * Every jargon group a text uses, spelled every way. Meilisearch's synonyms cover phrases of up to
 * three words only, so "plan do study act" would not find "PDSA" at query time; written beside the
 * document at index time, every spelling finds every other.
 */
export function jargonOf(text: string): string {
  return GROUP_PATTERNS.filter(({ pattern }) => pattern.test(text))
    .flatMap(({ group }) => group)
    .join(' · ');
}

/**
 * Each term finds the rest of its group, and so does its plural: Meilisearch matches a synonym
 * only as written, so without it "no-shows" would not find "did not attend".
 */
export function synonymsOf(groups: readonly (readonly string[])[]): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  const add = (key: string, others: string[]) => (synonyms[key] = [...new Set([...(synonyms[key] ?? []), ...others])]);
  for (const group of groups) {
    for (const word of group) {
      const others = group.filter((other) => other !== word);
      add(word, others);
      const plural = pluralOf(word);
      if (plural && !group.includes(plural)) add(plural, [...group]);
    }
  }
  return synonyms;
}

/** Applied at every start (Meilisearch makes no change when they are the same) and to every fresh index a reindex builds. */
export const INDEX_SETTINGS: Settings = {
  // The order is the weight: a word in a title counts for more than one in the body.
  searchableAttributes: ['title', 'tags', 'setting', 'text', 'jargon', 'teamName', 'authorName'],
  filterableAttributes: ['networkId', 'type', 'outcome', 'setting', 'tags', 'owner', 'key'],
  sortableAttributes: ['createdAt', 'updatedAt'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'updatedAt:desc'],
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
    // Ids and tags are exact things; a typo there names something else.
    disableOnAttributes: [],
  },
  synonyms: synonymsOf(JARGON),
  faceting: { maxValuesPerFacet: 50 },
  // Facet counts are all the server asks for; searching inside facet values is never used, and
  // keeping it up to date cost Meilisearch about 60 ms of CPU on every write, however small.
  facetSearch: false,
  pagination: { maxTotalHits: 1000 },
};
