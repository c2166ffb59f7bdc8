import { dcgAt, mean, ndcgAt, reciprocalRankAt } from './relevance-metrics.mjs';

describe('nDCG@k', () => {
  const judgements = { a: 3, b: 2, c: 1 };

  it('is 1 for the ideal order', () => {
    expect(ndcgAt(['a', 'b', 'c'], judgements)).toBeCloseTo(1, 10);
  });

  it('is 0 when nothing relevant is returned, or when nothing is relevant at all', () => {
    expect(ndcgAt(['x', 'y'], judgements)).toBe(0);
    expect(ndcgAt([], judgements)).toBe(0);
    expect(ndcgAt(['a'], {})).toBe(0);
  });

  it('uses gains 2^grade − 1 and a log2(position + 1) discount', () => {
    // c, a, b: 1/log2(2) + 7/log2(3) + 3/log2(4), against the ideal 7 + 3/log2(3) + 1/2.
    const returned = 1 + 7 / Math.log2(3) + 3 / 2;
    const ideal = 7 + 3 / Math.log2(3) + 1 / 2;
    expect(dcgAt([1, 3, 2], 10)).toBeCloseTo(returned, 10);
    expect(ndcgAt(['c', 'a', 'b'], judgements)).toBeCloseTo(returned / ideal, 10);
  });

  it('ignores what is ranked below k, and compares with the ideal of the best k only', () => {
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`d${i}`, 1]));
    const ranked = Array.from({ length: 12 }, (_, i) => `d${i}`);
    expect(ndcgAt(ranked, many, 10)).toBeCloseTo(1, 10);
    expect(ndcgAt(['x', ...ranked.slice(0, 9)], { ...many, x: 0 }, 10)).toBeLessThan(1);
    expect(ndcgAt([...Array.from({ length: 10 }, (_, i) => `n${i}`), 'a'], judgements, 10)).toBe(0);
  });
});

describe('reciprocal rank@k', () => {
  it('is 1 / the position of the first relevant document', () => {
    expect(reciprocalRankAt(['a'], { a: 1 })).toBe(1);
    expect(reciprocalRankAt(['x', 'y', 'a'], { a: 2 })).toBeCloseTo(1 / 3, 10);
  });

  it('is 0 when the first relevant document is below k or absent', () => {
    expect(reciprocalRankAt(['x', 'y', 'a'], { a: 3 }, 2)).toBe(0);
    expect(reciprocalRankAt(['x'], { a: 3 })).toBe(0);
  });

  it('skips documents below the minimum grade', () => {
    expect(reciprocalRankAt(['b', 'a'], { a: 3, b: 1 }, 10, 2)).toBe(0.5);
  });
});

describe('mean', () => {
  it('averages, and is 0 for no values', () => {
    expect(mean([1, 0.5, 0])).toBe(0.5);
    expect(mean([])).toBe(0);
  });
});
