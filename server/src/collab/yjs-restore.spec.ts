import * as Y from 'yjs';
import { projectChangePackage, writeChangePackage } from '../shared/change-package.document';
import { restoreTopLevelMaps } from './yjs-restore';

const NAMES = ['meta', 'aim', 'drivers', 'ideas', 'measures'];

function clone(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('restoreTopLevelMaps', () => {
  it('brings every section back to the version, as an update that a connected peer can apply', () => {
    const live = new Y.Doc();
    writeChangePackage(live, {
      title: 'Plan',
      aim: { what: 'Remission' },
      drivers: [{ key: 'p', title: 'Follow-up', secondary: [{ key: 's', title: 'Registry' }] }],
      ideas: [{ title: 'Call in 7 days', driverKeys: ['s'], paragraphs: ['Original text.'] }],
    });
    const version = clone(live);
    const peer = clone(live);
    live.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update));

    // Later edits: aim changed, an idea renamed and its description rewritten, a driver deleted, a measure added.
    live.getMap('aim').set('what', 'Something else');
    const ideaId = [...live.getMap('ideas').keys()][0];
    const idea = live.getMap('ideas').get(ideaId) as Y.Map<unknown>;
    idea.set('title', 'Renamed');
    const description = idea.get('description') as Y.XmlFragment;
    description.delete(0, description.length);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Rewritten.')]);
    description.insert(0, [paragraph]);
    const secondaryId = [...live.getMap('drivers').entries()].find(([, d]) => (d as Y.Map<unknown>).get('level') === 'secondary')![0];
    live.getMap('drivers').delete(secondaryId);
    live.getMap('measures').set('m', new Y.Map(Object.entries({ name: 'New measure', kind: 'process', definition: '', goal: '', order: 0 })));

    restoreTopLevelMaps(live, version, NAMES);
    expect(projectChangePackage(live)).toEqual(projectChangePackage(version));
    expect(projectChangePackage(peer)).toEqual(projectChangePackage(version));
    // The idea kept its identity: the same key, not a replacement.
    expect(live.getMap('ideas').has(ideaId)).toBe(true);
  });

  it('changes nothing when the content is already the version', () => {
    const doc = new Y.Doc();
    writeChangePackage(doc, { title: 'Plan', ideas: [{ title: 'Idea', driverKeys: [], paragraphs: ['Text.'] }] });
    let updates = 0;
    doc.on('update', () => (updates += 1));
    restoreTopLevelMaps(doc, clone(doc), NAMES);
    expect(updates).toBe(0);
  });

  it('changes a text by the smallest edit, so someone typing in the same field at the same moment keeps their words', () => {
    const live = new Y.Doc();
    writeChangePackage(live, { title: 'Plan', aim: { what: 'Remission of depression' } });
    const version = clone(live);
    const what = () => live.getMap('aim').get('what') as Y.Text;
    what().insert(what().length, ' in adults');

    // A peer, not yet in sync with the restore, types at the start of the same field.
    const peer = clone(live);
    (peer.getMap('aim').get('what') as Y.Text).insert(0, 'Now: ');
    restoreTopLevelMaps(live, version, NAMES);
    Y.applyUpdate(live, Y.encodeStateAsUpdate(peer));
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(live));

    expect(what().toString()).toBe('Now: Remission of depression');
    expect((peer.getMap('aim').get('what') as Y.Text).toString()).toBe('Now: Remission of depression');
  });
});
