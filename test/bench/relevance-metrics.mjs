// Ranking quality measures for the search benchmark, as small pure functions.
//
// `ranked` is the list of document keys an engine returned, best first; `judgements` maps a key
// to its graded relevance (0–3; a key that is not there counts as 0).

/** Discounted cumulative gain of the first k grades: (2^grade − 1) / log2(position + 1). */
export function dcgAt(grades, k) {
  let sum = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) sum += (2 ** grades[i] - 1) / Math.log2(i + 2);
  return sum;
}

/**
 * nDCG@k: the DCG of the returned ranking divided by the DCG of the best possible ranking of all
 * judged documents. 1 is a perfect ranking; a query with no relevant document scores 0, since an
 * engine cannot be credited for finding nothing when nothing was there to find.
 */
export function ndcgAt(ranked, judgements, k = 10) {
  const ideal = dcgAt(
    Object.values(judgements)
      .filter((grade) => grade > 0)
      .sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  return dcgAt(
    ranked.map((key) => judgements[key] ?? 0),
    k,
  ) / ideal;
}

/**
 * Reciprocal rank@k: 1 / the position of the first relevant document (grade ≥ minimumGrade)
 * among the first k, 0 when there is none. The mean over queries is MRR@k.
 */
export function reciprocalRankAt(ranked, judgements, k = 10, minimumGrade = 1) {
  const position = ranked.slice(0, k).findIndex((key) => (judgements[key] ?? 0) >= minimumGrade);
  return position < 0 ? 0 : 1 / (position + 1);
}

export const mean = (values) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length);
