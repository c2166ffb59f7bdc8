import { jargonOf, synonymsOf } from './search-settings';
import { markedSnippet, MATCH_END, MATCH_START } from './search.document';

describe('jargon', () => {
  it('finds each group however it is written, as whole words only', () => {
    expect(jargonOf('We ran a PDSA in A&E')).toContain('plan do study act');
    expect(jargonOf('We ran a PDSA in A&E')).toContain('emergency department');
    expect(jargonOf('a plan-do-study-act cycle')).toContain('pdsa');
    expect(jargonOf('patients who did not attend')).toContain('dna');
    expect(jargonOf('edited the agenda')).toBe('');
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
