import * as Y from 'yjs';
import {
  CHANGE_PACKAGE_SCHEMA_VERSION,
  ChangePackageWriter,
  describeFragment,
  normaliseWebAddress,
  projectChangePackage,
  readSnapshot,
  upgradeChangePackage,
  writeChangePackage,
} from './change-package.document';

/** A copy that has seen everything `doc` has, as a peer would after syncing. */
function peerOf(doc: Y.Doc): Y.Doc {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  return peer;
}

/** Sends each document's changes to the other (a sync after both edited offline). */
function exchange(a: Y.Doc, b: Y.Doc): void {
  const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, fromA);
  Y.applyUpdate(a, fromB);
}

/** A document as schema 1 wrote it: every free-text field a plain string, no schema version. */
function schemaOneDocument(): Y.Doc {
  const doc = new Y.Doc();
  const map = (entries: Record<string, unknown>) => new Y.Map(Object.entries(entries));
  doc.transact(() => {
    doc.getMap('meta').set('title', 'Depression care');
    const aim = doc.getMap('aim');
    aim.set('what', 'Remission');
    aim.set('howMuch', '50%');
    aim.set('byWhen', 'December');
    aim.set('forWhom', 'Adults');
    doc.getMap('drivers').set('p1', map({ title: 'Reliable follow-up', level: 'primary', parentId: null, order: 0 }));
    doc.getMap('drivers').set('s1', map({ title: 'A registry', level: 'secondary', parentId: 'p1', order: 0 }));
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Call every patient.')]);
    const description = new Y.XmlFragment();
    description.insert(0, [paragraph]);
    doc.getMap('ideas').set(
      'i1',
      map({
        title: 'Call within 7 days',
        driverIds: Y.Array.from(['s1']),
        description,
        evidence: Y.Array.from([map({ label: 'Review', url: 'https://example.org/review' })]),
        measureIds: Y.Array.from(['m1']),
        order: 0,
      }),
    );
    // An idea an early client made with its title only.
    doc.getMap('ideas').set('i2', map({ title: 'Text reminders', order: 1 }));
    doc.getMap('measures').set('m1', map({ name: 'Follow-up rate', kind: 'process', definition: 'Share followed up', goal: '80%', order: 0 }));
  });
  return doc;
}

describe('change package document: reading', () => {
  it('gives evidence links only when they are web or mail addresses', () => {
    const doc = new Y.Doc();
    writeChangePackage(doc, {
      title: 'Plan',
      ideas: [
        {
          title: 'Idea',
          driverKeys: [],
          paragraphs: [],
          evidence: [
            { label: 'Review', url: 'https://example.org/review' },
            { label: 'Trap', url: 'javascript:alert(1)' },
          ],
        },
      ],
    });
    expect(projectChangePackage(doc).ideas[0].evidence).toEqual([
      { label: 'Review', url: 'https://example.org/review' },
      { label: 'Trap', url: '' },
    ]);
    expect(readSnapshot(doc).ideas[0].evidence.map((item) => item.href)).toEqual(['https://example.org/review', null]);
  });

  it('projects the aim, the driver tree (an idea under several drivers), ideas and measures', () => {
    const doc = new Y.Doc();
    writeChangePackage(doc, {
      title: 'Depression care',
      aim: { what: 'Remission', howMuch: '50%', byWhen: 'December', forWhom: 'Adults screening positive' },
      drivers: [
        { key: 'p1', title: 'Reliable follow-up', secondary: [{ key: 's1', title: 'A registry' }] },
        { key: 'p2', title: 'Stepped care' },
      ],
      measures: [{ key: 'm1', name: 'PHQ-9 follow-up', kind: 'process', definition: 'Share followed up in 8 weeks', goal: '80%' }],
      ideas: [{ title: 'Call within 7 days', driverKeys: ['s1', 'p2'], paragraphs: ['Call every patient.', 'Use a script.'], measureKeys: ['m1'] }],
    });
    const projection = projectChangePackage(doc);
    expect(projection.title).toBe('Depression care');
    expect(projection.aim).toEqual({ what: 'Remission', howMuch: '50%', byWhen: 'December', forWhom: 'Adults screening positive' });
    expect(projection.drivers.map((d) => d.title)).toEqual(['Reliable follow-up', 'Stepped care']);
    expect(projection.drivers[0].secondary.map((d) => d.title)).toEqual(['A registry']);
    const [idea] = projection.ideas;
    expect(projection.drivers[0].secondary[0].ideaIds).toEqual([idea.id]);
    expect(projection.drivers[1].ideaIds).toEqual([idea.id]);
    expect(idea.descriptionHtml).toBe('<p>Call every patient.</p><p>Use a script.</p>');
    expect(idea.descriptionText).toBe('Call every patient.\nUse a script.');
    expect(idea.measureIds).toEqual([projection.measures[0].id]);
  });

  it('renders marks as HTML, escapes text and drops unsafe links', () => {
    const fragment = new Y.Doc().getXmlFragment('d');
    const paragraph = new Y.XmlElement('paragraph');
    fragment.insert(0, [paragraph]);
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    text.insert(0, '<b>x</b> ');
    text.insert(text.length, 'bold', { bold: {} });
    text.insert(text.length, ' evil', { link: { href: 'javascript:alert(1)' } });
    text.insert(text.length, ' good', { link: { href: 'https://example.org/a?b=1' } });
    const { html, text: plain } = describeFragment(fragment);
    expect(html).toBe('<p>&lt;b&gt;x&lt;/b&gt; <strong>bold</strong> evil<a href="https://example.org/a?b=1" rel="noopener noreferrer"> good</a></p>');
    expect(plain).toBe('<b>x</b> bold evil good');
  });

  it('keeps a secondary driver whose primary was deleted meanwhile at the top level, after the primaries, still secondary', () => {
    const doc = new Y.Doc();
    writeChangePackage(doc, { title: 'Plan', drivers: [{ key: 'p1', title: 'Follow-up' }, { key: 'p2', title: 'Stepped care' }] });
    const [followUp] = readSnapshot(doc).tree.map((branch) => branch.driver);
    const peer = peerOf(doc);
    // One person adds a secondary under "Follow-up" while another deletes "Follow-up".
    const orphanId = new ChangePackageWriter(doc).addDriver('A registry', followUp.id);
    new ChangePackageWriter(peer).deleteDriver(followUp.id);
    exchange(doc, peer);

    for (const copy of [doc, peer]) {
      const snapshot = readSnapshot(copy);
      expect(snapshot.tree.map((branch) => [branch.driver.title, branch.driver.level])).toEqual([
        ['Stepped care', 'primary'],
        ['A registry', 'secondary'],
      ]);
      expect(projectChangePackage(copy).drivers.map((driver) => [driver.id, driver.level])).toEqual([
        [snapshot.tree[0].driver.id, 'primary'],
        [orphanId, 'secondary'],
      ]);
    }
    // Moving it under a primary puts it back in the tree.
    new ChangePackageWriter(doc).reparentDriver(orphanId, readSnapshot(doc).tree[0].driver.id);
    expect(readSnapshot(doc).tree.map((branch) => [branch.driver.title, branch.secondaries.map((d) => d.title)])).toEqual([['Stepped care', ['A registry']]]);
  });

  it('reads a plain string where a Y.Text is expected (an old client may write one), and a write turns it into a Y.Text', () => {
    const doc = new Y.Doc();
    writeChangePackage(doc, { title: 'Plan' });
    doc.getMap('aim').set('what', 'Written by an old client');
    expect(readSnapshot(doc).aim.what).toBe('Written by an old client');
    new ChangePackageWriter(doc).setAim('what', 'Written by an old client, then edited');
    expect(doc.getMap('aim').get('what')).toBeInstanceOf(Y.Text);
    expect(readSnapshot(doc).aim.what).toBe('Written by an old client, then edited');
  });
});

describe('change package document: evidence', () => {
  function withEvidence() {
    const doc = new Y.Doc();
    writeChangePackage(doc, { title: 'Plan', ideas: [{ title: 'Idea', driverKeys: [], paragraphs: [] }] });
    const writer = new ChangePackageWriter(doc);
    const ideaId = readSnapshot(doc).ideas[0].id;
    writer.addEvidence(ideaId, 'Review', 'https://example.org/review');
    writer.addEvidence(ideaId, 'Guide', 'https://example.org/guide');
    const evidence = () => readSnapshot(doc).ideas[0].evidence.map(({ label, url }) => ({ label, url }));
    return { doc, writer, ideaId, evidence };
  }

  it('removes an evidence item only while it is still the one the person saw', () => {
    const { doc, writer, ideaId, evidence } = withEvidence();
    const [review] = evidence();
    // Someone removed the first item meanwhile: index 0 is now another item, so nothing changes.
    const peer = peerOf(doc);
    new ChangePackageWriter(peer).removeEvidence(ideaId, 0, review);
    exchange(doc, peer);
    writer.removeEvidence(ideaId, 0, review);
    expect(evidence()).toEqual([{ label: 'Guide', url: 'https://example.org/guide' }]);
  });

  it('saves an edit made in a form onto the item as it is now: others’ words stay, and an item removed meanwhile comes back', () => {
    const { doc, writer, ideaId, evidence } = withEvidence();
    const [review, guide] = evidence();
    const guideItem = writer.evidenceItem(ideaId, 1)!;
    const reviewItem = writer.evidenceItem(ideaId, 0)!;

    // While Ada edits "Guide" in her form, Ben adds a word to its label, and removes "Review".
    const peer = peerOf(doc);
    const benWriter = new ChangePackageWriter(peer);
    benWriter.editEvidence(ideaId, benWriter.evidenceItem(ideaId, 1)!, guide, { label: 'Guide for teams', url: guide.url });
    benWriter.removeEvidence(ideaId, 0, review);
    exchange(doc, peer);
    expect(writer.evidenceIndex(ideaId, guideItem)).toBe(0);

    expect(writer.editEvidence(ideaId, guideItem, guide, { label: 'Practical guide', url: 'https://example.org/guide-2' })).toBe('edited');
    expect(evidence()).toEqual([{ label: 'Practical guide for teams', url: 'https://example.org/guide-2' }]);

    // Her edit of the item Ben removed brings it back with her words, rather than losing them.
    expect(writer.editEvidence(ideaId, reviewItem, review, { label: 'Systematic review', url: review.url })).toBe('added back');
    expect(evidence()).toEqual([
      { label: 'Practical guide for teams', url: 'https://example.org/guide-2' },
      { label: 'Systematic review', url: 'https://example.org/review' },
    ]);
    // An address is one thing: changed by someone else and not by her, it stays as they left it.
    const second = peerOf(doc);
    const item = writer.evidenceItem(ideaId, 0)!;
    const before = evidence()[0];
    new ChangePackageWriter(second).editEvidence(ideaId, new ChangePackageWriter(second).evidenceItem(ideaId, 0)!, before, { ...before, url: 'https://example.org/guide-3' });
    exchange(doc, second);
    writer.editEvidence(ideaId, item, before, { ...before, label: 'Guide' });
    expect(evidence()[0]).toEqual({ label: 'Guide', url: 'https://example.org/guide-3' });

    writer.deleteIdea(ideaId);
    expect(writer.editEvidence(ideaId, item, before, { ...before, label: 'Too late' })).toBe('gone');
  });

  it.each([
    ['example.org/page', 'https://example.org/page'],
    ['  www.example.org  ', 'https://www.example.org/'],
    ['http://example.org/a?b=c', 'http://example.org/a?b=c'],
    ['HTTPS://Example.org', 'https://example.org/'],
    ['localhost:3000/guide', 'https://localhost:3000/guide'],
    ['mailto:team@example.org', 'mailto:team@example.org'],
  ])('takes the address %j as %j', (typed, address) => {
    expect(normaliseWebAddress(typed)).toBe(address);
  });

  it.each(['', 'javascript:alert(1)', 'javascript://%0aalert(1)', 'data:text/html,<b>x</b>', 'example', 'ftp://example.org/file', 'mailto:nobody', 'https://'])(
    'refuses %j',
    (typed) => {
      expect(normaliseWebAddress(typed)).toBeNull();
    },
  );
});

describe('change package document: restores', () => {
  const notice = {
    byUserId: 'u1',
    byName: 'Nadia Okafor',
    at: '2026-11-30T15:02:00.000Z',
    restoredName: 'As agreed in March',
    restoredAt: '2026-03-12T10:00:00.000Z',
    keptVersionId: 'v9',
    keptName: 'Before restoring ‘As agreed in March’',
  };

  it('records who restored which version, which every peer reads, and the next restore replaces it', () => {
    const doc = new Y.Doc();
    writeChangePackage(doc, { title: 'Plan' });
    expect(readSnapshot(doc).lastRestore).toBeNull();
    const peer = peerOf(doc);
    new ChangePackageWriter(doc).setRestoreNotice(notice);
    exchange(doc, peer);
    expect(readSnapshot(peer).lastRestore).toEqual(notice);
    new ChangePackageWriter(peer).setRestoreNotice({ ...notice, restoredName: null, keptVersionId: 'v10' });
    exchange(doc, peer);
    expect(readSnapshot(doc).lastRestore).toEqual({ ...notice, restoredName: null, keptVersionId: 'v10' });
    new ChangePackageWriter(doc).setRestoreNotice(null);
    expect(readSnapshot(doc).lastRestore).toBeNull();
    expect(doc.getMap('meta').has('lastRestore')).toBe(false);
  });

  it('ignores a malformed notice (any client may write one)', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('lastRestore', { ...notice, byName: 42 });
    expect(readSnapshot(doc).lastRestore).toBeNull();
    doc.getMap('meta').set('lastRestore', 'Nadia restored it');
    expect(readSnapshot(doc).lastRestore).toBeNull();
  });
});

describe('change package document: free text merges', () => {
  it('makes every free-text field a Y.Text when the package, a driver, an idea, a measure or evidence is made', () => {
    const doc = new Y.Doc();
    writeChangePackage(doc, {
      title: 'Plan',
      drivers: [{ key: 'p', title: 'Primary', secondary: [{ key: 's', title: 'Secondary' }] }],
      measures: [{ key: 'm', name: 'Rate', kind: 'outcome', definition: '', goal: '' }],
      ideas: [{ title: 'Idea', driverKeys: ['s'], paragraphs: [], evidence: [{ label: 'Review', url: 'https://example.org' }] }],
    });
    const writer = new ChangePackageWriter(doc);
    const driverId = writer.addDriver('Another', null);
    const ideaId = writer.addIdea('Another idea', driverId);
    const measureId = writer.addMeasure('Another measure', 'balancing');
    writer.addEvidence(ideaId, 'Guide', 'https://example.org/guide');

    const texts: unknown[] = [doc.getMap('meta').get('title'), ...['what', 'howMuch', 'byWhen', 'forWhom'].map((field) => doc.getMap('aim').get(field))];
    for (const [, driver] of writer.drivers) texts.push(driver.get('title'));
    for (const [, measure] of writer.measures) texts.push(measure.get('name'), measure.get('definition'), measure.get('goal'));
    for (const [, idea] of writer.ideas) {
      texts.push(idea.get('title'));
      for (const item of (idea.get('evidence') as Y.Array<Y.Map<unknown>>).toArray()) texts.push(item.get('label'), item.get('url'));
    }
    expect(texts).toHaveLength(5 + 3 + 6 + 2 + 4);
    for (const text of texts) expect(text).toBeInstanceOf(Y.Text);
    expect(writer.measures.get(measureId)?.get('kind')).toBe('balancing');
    expect(doc.getMap('meta').get('schemaVersion')).toBe(CHANGE_PACKAGE_SCHEMA_VERSION);
  });

  it('merges two people typing in the same field at the same time, and in a driver title, a measure and the package title', () => {
    const ada = new Y.Doc();
    writeChangePackage(ada, { title: 'Plan', aim: { what: 'Remission' }, drivers: [{ key: 'p', title: 'Follow-up' }], measures: [{ key: 'm', name: 'Rate', kind: 'process', definition: '', goal: '' }] });
    const ben = peerOf(ada);
    const driverId = readSnapshot(ada).tree[0].driver.id;
    const measureId = readSnapshot(ada).measures[0].id;

    const [adaWriter, benWriter] = [new ChangePackageWriter(ada), new ChangePackageWriter(ben)];
    adaWriter.setAim('what', 'Remission of depression');
    benWriter.setAim('what', 'Full Remission');
    adaWriter.renameDriver(driverId, 'Reliable follow-up');
    benWriter.renameDriver(driverId, 'Follow-up within a week');
    adaWriter.setMeasureText(measureId, 'goal', '80%');
    benWriter.setMeasureText(measureId, 'definition', 'Share followed up');
    adaWriter.setTitle('Plan for 2026');
    benWriter.setTitle('Our Plan');
    exchange(ada, ben);

    const merged = readSnapshot(ada);
    expect(readSnapshot(ben)).toEqual(merged);
    expect(merged.aim.what).toBe('Full Remission of depression');
    expect(merged.drivers.get(driverId)?.title).toBe('Reliable follow-up within a week');
    expect(merged.measures[0]).toMatchObject({ definition: 'Share followed up', goal: '80%' });
    expect(merged.title).toBe('Our Plan for 2026');
  });
});

describe('change package document: upgrading', () => {
  it('turns schema 1 strings into Y.Text with the same text, so that the projection is unchanged', () => {
    const doc = schemaOneDocument();
    const before = projectChangePackage(doc);
    expect(readSnapshot(doc).schemaVersion).toBe(1);

    expect(upgradeChangePackage(doc)).toBe(true);
    expect(projectChangePackage(doc)).toEqual(before);
    expect(readSnapshot(doc).schemaVersion).toBe(CHANGE_PACKAGE_SCHEMA_VERSION);
    expect(doc.getMap('meta').get('title')).toBeInstanceOf(Y.Text);
    expect(doc.getMap('aim').get('forWhom')).toBeInstanceOf(Y.Text);
    const [first, second] = ['i1', 'i2'].map((id) => doc.getMap('ideas').get(id) as Y.Map<unknown>);
    const evidence = (first.get('evidence') as Y.Array<Y.Map<unknown>>).get(0);
    expect([evidence.get('label'), evidence.get('url'), (doc.getMap('drivers').get('s1') as Y.Map<unknown>).get('title')]).toEqual([
      expect.any(Y.Text),
      expect.any(Y.Text),
      expect.any(Y.Text),
    ]);
    for (const field of ['name', 'definition', 'goal']) expect((doc.getMap('measures').get('m1') as Y.Map<unknown>).get(field)).toBeInstanceOf(Y.Text);
    // The idea made with its title only gets the lists and the description it lacked.
    expect([second.get('driverIds'), second.get('evidence'), second.get('measureIds'), second.get('description')]).toEqual([
      expect.any(Y.Array),
      expect.any(Y.Array),
      expect.any(Y.Array),
      expect.any(Y.XmlFragment),
    ]);
  });

  it('changes nothing on a current document, an upgraded one or an empty one', () => {
    const current = new Y.Doc();
    writeChangePackage(current, { title: 'Plan', aim: { what: 'Remission' }, ideas: [{ title: 'Idea', driverKeys: [], paragraphs: ['Text.'] }] });
    const upgraded = schemaOneDocument();
    upgradeChangePackage(upgraded);
    for (const doc of [current, upgraded, new Y.Doc()]) {
      let updates = 0;
      doc.on('update', () => (updates += 1));
      expect(upgradeChangePackage(doc)).toBe(false);
      expect(updates).toBe(0);
    }
  });

  it('never lowers a schema version written by a newer server', () => {
    const doc = new Y.Doc();
    writeChangePackage(doc, { title: 'Plan' });
    doc.getMap('meta').set('schemaVersion', CHANGE_PACKAGE_SCHEMA_VERSION + 1);
    doc.getMap('aim').set('what', 'From an old client');
    expect(upgradeChangePackage(doc)).toBe(true);
    expect(doc.getMap('meta').get('schemaVersion')).toBe(CHANGE_PACKAGE_SCHEMA_VERSION + 1);
    expect(doc.getMap('aim').get('what')).toBeInstanceOf(Y.Text);
  });
});
