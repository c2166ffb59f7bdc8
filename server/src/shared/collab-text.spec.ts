import * as Y from 'yjs';
import { mergeTextEdit, replaceText, textChange, transformPosition, type TextDelta } from './collab-text';

describe('textChange', () => {
  it.each([
    ['', 'a', { index: 0, remove: 0, insert: 'a' }],
    ['Remission', 'Remissions', { index: 9, remove: 0, insert: 's' }],
    ['Remission', 'Full remission', { index: 0, remove: 1, insert: 'Full r' }],
    ['by December', 'by June', { index: 3, remove: 8, insert: 'June' }],
    ['aaa', 'aa', { index: 2, remove: 1, insert: '' }],
    ['abc', '', { index: 0, remove: 3, insert: '' }],
  ])('from %j to %j is one small edit', (before, after, change) => {
    expect(textChange(before, after)).toEqual(change);
  });

  it('is nothing when the text is the same', () => {
    expect(textChange('same', 'same')).toBeNull();
  });

  it('never splits a character made of two UTF-16 units', () => {
    // 😀 and 😃 share their first UTF-16 unit.
    expect(textChange('a😀b', 'a😃b')).toEqual({ index: 1, remove: 2, insert: '😃' });
    expect(textChange('x😀', 'y😀')).toEqual({ index: 0, remove: 1, insert: 'y' });
    expect(textChange('😀x', '😀')).toEqual({ index: 2, remove: 1, insert: '' });
  });
});

describe('replaceText', () => {
  it('keeps the text around the change, so a concurrent edit elsewhere in the field survives', () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'Call patients');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    replaceText(a.getText('t'), 'Call all patients');
    replaceText(b.getText('t'), 'Call patients weekly');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
    expect(a.getText('t').toString()).toBe('Call all patients weekly');
    expect(b.getText('t').toString()).toBe('Call all patients weekly');
  });

  it('reports one change to observers', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'abc');
    const deltas: TextDelta[] = [];
    text.observe((event) => deltas.push(event.delta as TextDelta));
    replaceText(text, 'aXc');
    expect(deltas).toEqual([[{ retain: 1 }, { delete: 1 }, { insert: 'X' }]]);
  });
});

describe('transformPosition', () => {
  // "Remission" with the caret after "Remi" (4).
  it.each<[string, TextDelta, number, boolean, number]>([
    ['text inserted before it pushes it along', [{ insert: 'Full ' }], 4, false, 9],
    ['text inserted after it leaves it', [{ retain: 6 }, { insert: 'xx' }], 4, false, 4],
    ['text inserted at it goes after it', [{ retain: 4 }, { insert: 'xx' }], 4, false, 4],
    ['text inserted at the end of a selection pushes that end', [{ retain: 4 }, { insert: 'xx' }], 4, true, 6],
    ['text deleted before it pulls it back', [{ delete: 2 }], 4, false, 2],
    ['a deletion around it leaves it where the deletion began', [{ retain: 2 }, { delete: 5 }], 4, false, 2],
    ['a deletion after it leaves it', [{ retain: 5 }, { delete: 2 }], 4, false, 4],
    ['several changes add up', [{ insert: 'ab' }, { retain: 1 }, { delete: 1 }, { retain: 1 }, { insert: 'c' }], 4, false, 6],
  ])('%s', (_name, delta, position, pushedByInsertAt, expected) => {
    expect(transformPosition(delta, position, pushedByInsertAt)).toBe(expected);
  });
});

describe('mergeTextEdit', () => {
  const field = (value: string) => {
    const text = new Y.Doc().getText('t');
    text.insert(0, value);
    return text;
  };

  it.each([
    // base, what others left, what this person typed from the base, the result
    ['Registry guide', 'Registry guide', 'Registry how-to', 'Registry how-to'],
    ['Registry guide', 'The registry guide', 'Registry guide, 2nd edition', 'The registry guide, 2nd edition'],
    ['Registry guide', 'Registry guide for teams', 'Practical registry guide', 'Practical registry guide for teams'],
    ['Registry guide', 'Registry', 'Registry guide (PDF)', 'Registry (PDF)'],
    ['Guide', 'Guide', 'Guide', 'Guide'],
  ])('from %j, with others’ %j and this person’s %j, keeps both: %j', (base, theirs, mine, merged) => {
    const text = field(theirs);
    mergeTextEdit(text, base, mine);
    expect(text.toString()).toBe(merged);
  });

  it('where both changed the same words, this edit wins there only', () => {
    const text = field('Weekly registry review');
    mergeTextEdit(text, 'Monthly registry review', 'Daily registry review');
    expect(text.toString()).toBe('Daily registry review');
  });
});
