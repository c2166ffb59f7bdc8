import * as Y from 'yjs';
import { projectChangePackage, writeChangePackage } from '../shared/change-package.document';
import { diffContent } from './change-package.diff';

function projected(edit?: (doc: Y.Doc) => void, base?: Y.Doc) {
  const doc = new Y.Doc();
  if (base) Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  else
    writeChangePackage(doc, {
      title: 'Plan',
      aim: { what: 'Remission', byWhen: 'December' },
      drivers: [{ key: 'p', title: 'Follow-up' }],
      ideas: [
        { title: 'Call in 7 days', driverKeys: ['p'], paragraphs: ['Text.'] },
        { title: 'Weekly huddle', driverKeys: ['p'], paragraphs: ['Huddle.'] },
      ],
    });
  edit?.(doc);
  return { doc, projection: projectChangePackage(doc) };
}

describe('diffContent', () => {
  it('names what changed, in each section', () => {
    const base = projected();
    const changed = projected((doc) => {
      doc.getMap('aim').set('byWhen', 'June');
      const ideas = doc.getMap('ideas');
      const [first, second] = [...ideas.entries()].sort(([, a], [, b]) => ((a as Y.Map<number>).get('order')! - (b as Y.Map<number>).get('order')!));
      (first[1] as Y.Map<unknown>).set('title', 'Call in 3 days');
      ideas.delete(second[0]);
      ideas.set('new', new Y.Map(Object.entries({ title: 'Text reminders', order: 5 })));
    }, base.doc);

    const diff = diffContent(base.projection, changed.projection);
    expect(diff.same).toBe(false);
    expect(diff.aim).toEqual([{ field: 'byWhen', before: 'December', after: 'June' }]);
    expect(diff.ideas.added.map((i) => i.title)).toEqual(['Text reminders']);
    expect(diff.ideas.removed.map((i) => i.title)).toEqual(['Weekly huddle']);
    expect(diff.ideas.changed).toEqual([expect.objectContaining({ title: 'Call in 3 days', before: 'Call in 7 days', parts: ['title'] })]);
    expect(diff.drivers).toEqual({ added: [], removed: [], changed: [] });
  });

  it('says "same" when nothing differs', () => {
    const base = projected();
    expect(diffContent(base.projection, projected(undefined, base.doc).projection).same).toBe(true);
  });
});
