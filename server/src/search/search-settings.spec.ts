import { jargonOf, queryAsJargon, synonymsOf } from './search-settings';
import { markedSnippet, MATCH_END, MATCH_START } from './search.document';

describe('jargon', () => {
  it('finds each group however it is written, as whole words only', () => {
    expect(jargonOf('We ran a PDSA in A&E')).toContain('plan do study act');
    expect(jargonOf('We ran a PDSA in A&E')).toContain('emergency department');
    expect(jargonOf('a plan-do-study-act cycle')).toContain('pdsa');
    expect(jargonOf('patients who did not attend')).toContain('dna');
    expect(jargonOf('edited the agenda')).toBe('');
  });

  it('knows a term in the plural, but never makes a plural of a term ending in s', () => {
    expect(jargonOf('Two more PDSAs this month')).toContain('plan do study act');
    expect(jargonOf('missed appointments fell')).toContain('dna');
    expect(jargonOf('Catheter-associated urinary tract infections fell')).toContain('cauti');
    expect(jargonOf('the team loses a day')).toBe('');
    expect(jargonOf('the EDs of the region')).toContain('emergency department');
  });

  it('lets the plural of a term find its group', () => {
    const synonyms = synonymsOf([['dna', 'did not attend', 'no-show'], ['los', 'length of stay']]);
    expect(synonyms['no-shows'].sort()).toEqual(['did not attend', 'dna', 'no-show']);
    expect(synonyms.dnas).toBeDefined();
    expect(synonyms.loses).toBeUndefined();
  });

  it('makes every synonym group mutual', () => {
    const synonyms = synonymsOf([['gp', 'general practice', 'primary care']]);
    expect(synonyms.gp.sort()).toEqual(['general practice', 'primary care']);
    expect(synonyms['primary care'].sort()).toEqual(['general practice', 'gp']);
  });
});

describe('snippets', () => {
  it('keep <mark> around matches and escape everything else', () => {
    expect(markedSnippet(`a <script>x</script> ${MATCH_START}fish${MATCH_END} & "q"`)).toBe('a &lt;script&gt;x&lt;/script&gt; <mark>fish</mark> &amp; &quot;q&quot;');
    expect(markedSnippet(`${MATCH_START}open`)).toBe('<mark>open</mark>');
    expect(markedSnippet(`stray${MATCH_END} <mark>`)).toBe('stray &lt;mark&gt;');
  });
});

describe('queryAsJargon', () => {
  it('writes "A and E" and its spellings as the term, and leaves other words alone', () => {
    for (const written of ['A and E', 'a and e', 'A & E', 'A&E', 'A+E', 'a n e']) expect(queryAsJargon(`${written} waits`)).toBe('A&E waits');
    expect(queryAsJargon('triage in A and E.')).toBe('triage in A&E.');
    expect(queryAsJargon('data and evidence')).toBe('data and evidence');
    expect(queryAsJargon('a and easy win')).toBe('a and easy win');
    expect(queryAsJargon('Tea and E-learning')).toBe('Tea and E-learning');
  });
});
