import * as Y from 'yjs';
import { ChangePackageWriter, readSnapshot, readText } from '../../server/src/shared/change-package.document';
import { addMember, expectErrorShape, newNetwork, newUser, type TestUser } from '../support/api';
import { connectProvider, destroyProvider, eventually, synced } from '../support/collab';
import { serverForSuite } from '../support/server';

jest.setTimeout(90_000);

// Short timings so that checkpoints and unloads happen within a test.
const server = serverForSuite({ COLLAB_UNLOAD_AFTER_MS: '200', COLLAB_CHECKPOINT_EVERY_MS: '60000' });
const providers: ReturnType<typeof connectProvider>[] = [];
afterEach(() => {
  for (const provider of providers.splice(0)) destroyProvider(provider);
});

function open(user: TestUser, documentName: string) {
  const provider = connectProvider(server.url, user, documentName, new Y.Doc(), { ack: true });
  providers.push(provider);
  return provider;
}

async function newPackage(owner: TestUser, networkId: string, title = 'Plan') {
  const response = await owner.client.post(`/api/networks/${networkId}/change-packages`, { title });
  expect(response.status).toBe(201);
  return response.body as { id: string; documentName: string };
}

/** Resolves once the server has committed every edit this client made. */
const saved = (provider: ReturnType<typeof open>) => provider.whenSaved();

describe('versions', () => {
  it('keeps named versions, shows one read-only, and restores it as a change everyone connected receives', async () => {
    const admin = await newUser(server.url);
    const network = await newNetwork(admin);
    const pkg = await newPackage(admin, network.id);
    const editor = open(admin, pkg.documentName);
    const watcher = open(admin, pkg.documentName);
    await Promise.all([synced(editor), synced(watcher)]);

    editor.doc.getMap('aim').set('what', 'As agreed');
    await saved(editor);
    const named = await admin.client.post(`/api/change-packages/${pkg.id}/versions`, { name: 'As agreed at learning session 2' });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ kind: 'named', name: 'As agreed at learning session 2', createdByName: admin.displayName });

    editor.doc.getMap('aim').set('what', 'Changed afterwards');
    await saved(editor);
    const view = await admin.client.get(`/api/change-packages/${pkg.id}/versions/${named.body.id}`);
    expect(view.body.content.aim.what).toBe('As agreed');

    const restored = await admin.client.post(`/api/change-packages/${pkg.id}/versions/${named.body.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.name).toBe('Before restoring ‘As agreed at learning session 2’');
    await Promise.all([
      eventually(editor.doc, () => readSnapshot(editor.doc).aim.what === 'As agreed'),
      eventually(watcher.doc, () => readSnapshot(watcher.doc).aim.what === 'As agreed'),
    ]);
    // The restore can itself be undone: the state before it is a version too.
    const before = await admin.client.get(`/api/change-packages/${pkg.id}/versions/${restored.body.id}`);
    expect(before.body.content.aim.what).toBe('Changed afterwards');

    const versions = await admin.client.get(`/api/change-packages/${pkg.id}/versions`);
    expect(versions.body.map((v: { name: string | null }) => v.name).slice(0, 2)).toEqual([
      'Before restoring ‘As agreed at learning session 2’',
      'As agreed at learning session 2',
    ]);
    expectErrorShape(await admin.client.get(`/api/change-packages/${pkg.id}/versions/00000000-0000-4000-8000-000000000000`), 404);
    const blank = await admin.client.post(`/api/change-packages/${pkg.id}/versions`, { name: '' });
    expect(blank.body.message).toMatch(/^name/);
  });

  it('tells everyone connected who restored which version and where the state before is kept, and the list follows the restored title', async () => {
    const nadia = await newUser(server.url, { displayName: 'Nadia Okafor' });
    const sam = await newUser(server.url, { displayName: 'Sam Taylor' });
    const network = await newNetwork(nadia);
    await addMember(nadia, network.id, sam, 'member');
    const pkg = await newPackage(nadia, network.id, 'Depression care');
    const samsCopy = open(sam, pkg.documentName);
    await synced(samsCopy);
    new ChangePackageWriter(samsCopy.doc).setAim('what', 'Remission');
    await saved(samsCopy);
    const named = (await nadia.client.post(`/api/change-packages/${pkg.id}/versions`, { name: 'As agreed in March' })).body;
    expect(readSnapshot(samsCopy.doc).lastRestore).toBeNull();

    await nadia.client.patch(`/api/change-packages/${pkg.id}`, { title: 'Depression care, 2nd edition' });
    new ChangePackageWriter(samsCopy.doc).setAim('what', 'Remission within a year');
    await saved(samsCopy);
    const restored = await nadia.client.post(`/api/change-packages/${pkg.id}/versions/${named.id}/restore`);
    expect(restored.status).toBe(200);

    // Sam's copy receives the content and, in the same change, who restored what.
    await eventually(samsCopy.doc, () => readSnapshot(samsCopy.doc).lastRestore !== null);
    const snapshot = readSnapshot(samsCopy.doc);
    expect(snapshot.aim.what).toBe('Remission');
    expect(snapshot.lastRestore).toEqual({
      byUserId: nadia.id,
      byName: 'Nadia Okafor',
      at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      restoredName: 'As agreed in March',
      restoredAt: named.createdAt,
      keptVersionId: restored.body.id,
      keptName: 'Before restoring ‘As agreed in March’',
    });
    // The title came back with the rest, and the package list says the same as the document.
    expect(snapshot.title).toBe('Depression care');
    expect((await sam.client.get(`/api/change-packages/${pkg.id}`)).body.title).toBe('Depression care');
    expect((await sam.client.get(`/api/networks/${network.id}/change-packages`)).body.map((p: { title: string }) => p.title)).toEqual(['Depression care']);

    // An adaptation is a copy of the content, not of its source's history: it never carries the notice.
    const clinic = await newNetwork(sam, { visibility: 'public', level: 'organisation' });
    const adapted = (await sam.client.post(`/api/change-packages/${pkg.id}/adaptations`, { networkId: clinic.id })).body;
    const adaptedCopy = open(sam, adapted.documentName);
    await synced(adaptedCopy);
    expect(readSnapshot(adaptedCopy.doc).aim.what).toBe('Remission');
    expect(adaptedCopy.doc.getMap('meta').has('lastRestore')).toBe(false);
    // Nor does pulling a later restore from upstream.
    const again = await nadia.client.post(`/api/change-packages/${pkg.id}/versions/${restored.body.id}/restore`);
    expect(again.status).toBe(200);
    const pulled = await sam.client.post(`/api/change-packages/${adapted.id}/pull-upstream`);
    expect(pulled.status).toBe(200);
    await eventually(adaptedCopy.doc, () => readSnapshot(adaptedCopy.doc).aim.what === 'Remission within a year');
    expect(adaptedCopy.doc.getMap('meta').has('lastRestore')).toBe(false);
    expect(JSON.stringify(adaptedCopy.doc.toJSON())).not.toContain('Nadia');
  });

  it('keeps an automatic checkpoint when editing stops, and says who changed what in each interval', async () => {
    const admin = await newUser(server.url, { displayName: 'Ada Admin' });
    const member = await newUser(server.url, { displayName: 'Mo Member' });
    const network = await newNetwork(admin);
    await addMember(admin, network.id, member, 'member');
    const pkg = await newPackage(admin, network.id);

    const first = open(member, pkg.documentName);
    await synced(first);
    new ChangePackageWriter(first.doc).setAim('forWhom', 'Adults in the valley');
    await saved(first);
    destroyProvider(providers.pop()!);
    // Nobody connected: the document unloads after 200 ms, keeping a checkpoint with the edit.
    let checkpointed = false;
    for (let attempt = 0; attempt < 50 && !checkpointed; attempt++) {
      const [latest] = (await admin.client.get(`/api/change-packages/${pkg.id}/versions`)).body;
      if (latest?.kind === 'checkpoint') {
        const version = await admin.client.get(`/api/change-packages/${pkg.id}/versions/${latest.id}`);
        checkpointed = version.body.content.aim.forWhom === 'Adults in the valley';
      }
      if (!checkpointed) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(checkpointed).toBe(true);

    const second = open(admin, pkg.documentName);
    await synced(second);
    second.doc.getMap('measures').set('m1', new Y.Map(Object.entries({ name: 'Follow-up rate', kind: 'process', definition: '', goal: '80%', order: 0 })));
    await saved(second);

    const changes = await member.client.get(`/api/change-packages/${pkg.id}/changes`);
    expect(changes.status).toBe(200);
    const [latest, previous] = changes.body;
    expect(latest.to).toBeNull();
    expect(latest.authors.map((a: { displayName: string }) => a.displayName)).toEqual(['Ada Admin']);
    expect(latest.changes.measures.added.map((m: { title: string }) => m.title)).toEqual(['Follow-up rate']);
    expect(previous.authors.map((a: { displayName: string }) => a.displayName)).toContain('Mo Member');
    expect(previous.changes.aim).toEqual([expect.objectContaining({ field: 'forWhom', after: 'Adults in the valley' })]);
  });
});

describe('adaptation', () => {
  it('adapts a package into another network with its lineage, shows what changed, and pulls upstream changes by merging', async () => {
    const nationalAdmin = await newUser(server.url);
    const clinicAdmin = await newUser(server.url);
    const national = await newNetwork(nationalAdmin, { visibility: 'public', level: 'national' });
    const clinic = await newNetwork(clinicAdmin, { visibility: 'private', level: 'organisation' });
    const source = await newPackage(nationalAdmin, national.id, 'National plan');

    const upstream = open(nationalAdmin, source.documentName);
    await synced(upstream);
    upstream.doc.getMap('aim').set('what', 'Remission');
    upstream.doc.getMap('ideas').set('i1', new Y.Map(Object.entries({ title: 'Call within 7 days', order: 0 })));
    await saved(upstream);

    const versionsBefore = (await nationalAdmin.client.get(`/api/change-packages/${source.id}/versions`)).body;
    const adapted = await clinicAdmin.client.post(`/api/change-packages/${source.id}/adaptations`, { networkId: clinic.id, title: 'Our plan' });
    expect(adapted.status).toBe(201);
    // Adapting writes nothing into the source's history (and never names the private clinic there).
    expect((await nationalAdmin.client.get(`/api/change-packages/${source.id}/versions`)).body).toEqual(versionsBefore);
    // The clinic's package names its source to the clinic; the source's admin cannot see the clinic at all.
    expect((await clinicAdmin.client.get(`/api/networks/${clinic.id}/change-packages`)).body[0].source).toMatchObject({ id: source.id });
    expect(adapted.body).toMatchObject({ networkId: clinic.id, title: 'Our plan', source: { id: source.id } });
    const copy = (await clinicAdmin.client.get(`/api/change-packages/${adapted.body.id}`)).body.content;
    expect(copy).toMatchObject({ title: 'Our plan', aim: { what: 'Remission' } });
    expect(copy.ideas.map((i: { title: string }) => i.title)).toEqual(['Call within 7 days']);

    // The clinic adapts the idea; upstream adds another and sharpens the aim.
    const local = open(clinicAdmin, adapted.body.documentName);
    await synced(local);
    (local.doc.getMap('ideas').get('i1') as Y.Map<unknown>).set('title', 'Call within 3 days');
    await saved(local);
    upstream.doc.getMap('ideas').set('i2', new Y.Map(Object.entries({ title: 'Weekly registry huddle', order: 1 })));
    upstream.doc.getMap('aim').set('byWhen', 'By December');
    await saved(upstream);
    await nationalAdmin.client.patch(`/api/change-packages/${source.id}`, { title: 'National plan, second edition' });

    const lineage = await clinicAdmin.client.get(`/api/change-packages/${adapted.body.id}/lineage`);
    expect(lineage.body.source).toMatchObject({ id: source.id, title: 'National plan, second edition', networkName: national.name });
    expect(lineage.body.changedFromSource.ideas.changed).toEqual([expect.objectContaining({ title: 'Call within 3 days', before: 'Call within 7 days' })]);
    expect(lineage.body.upstreamChanges.ideas.added.map((i: { title: string }) => i.title)).toEqual(['Weekly registry huddle']);

    const pulled = await clinicAdmin.client.post(`/api/change-packages/${adapted.body.id}/pull-upstream`);
    expect(pulled.status).toBe(200);
    expect(pulled.body.pulled.ideas.added.map((i: { title: string }) => i.title)).toEqual(['Weekly registry huddle']);
    // Merged by the CRDT: upstream's additions arrive live, the clinic's own edit stays.
    await eventually(local.doc, () => local.doc.getMap('ideas').has('i2') && readSnapshot(local.doc).aim.byWhen === 'By December');
    expect(readText(local.doc.getMap('ideas').get('i1') as Y.Map<unknown>, 'title')).toBe('Call within 3 days');
    // The adaptation keeps its own name when the source is renamed upstream.
    expect(readSnapshot(local.doc).title).toBe('Our plan');
    const after = await clinicAdmin.client.get(`/api/change-packages/${adapted.body.id}/lineage`);
    expect(after.body.upstreamChanges.same).toBe(true);

    // The source shows where it has been adapted, to those who may see the adapting network only.
    const fromSourceSide = await clinicAdmin.client.get(`/api/change-packages/${source.id}/lineage`);
    expect(fromSourceSide.body.adaptations.map((a: { id: string }) => a.id)).toEqual([adapted.body.id]);
    const hidden = await nationalAdmin.client.get(`/api/change-packages/${source.id}/lineage`);
    expect(hidden.body.adaptations).toEqual([]);
  });

  it('refuses adapting into a network the caller cannot edit, or from one they cannot see', async () => {
    const owner = await newUser(server.url);
    const visitor = await newUser(server.url);
    const open_ = await newNetwork(owner, { visibility: 'public' });
    const closed = await newNetwork(owner, { visibility: 'private' });
    const visitorNetwork = await newNetwork(visitor);
    const publicPackage = await newPackage(owner, open_.id);
    const privatePackage = await newPackage(owner, closed.id);

    expectErrorShape(await visitor.client.post(`/api/change-packages/${publicPackage.id}/adaptations`, { networkId: closed.id }), 404);
    const intoPublicNotMine = await visitor.client.post(`/api/change-packages/${publicPackage.id}/adaptations`, { networkId: open_.id });
    expectErrorShape(intoPublicNotMine, 400);
    expectErrorShape(await visitor.client.post(`/api/change-packages/${privatePackage.id}/adaptations`, { networkId: visitorNetwork.id }), 404);
    expectErrorShape(await visitor.client.post(`/api/change-packages/${publicPackage.id}/pull-upstream`), 403);
    const notAdaptation = await owner.client.post(`/api/change-packages/${publicPackage.id}/pull-upstream`);
    expectErrorShape(notAdaptation, 400);
  });

  it('copies one change idea into another package, with where it came from', async () => {
    const admin = await newUser(server.url);
    const national = await newNetwork(admin, { level: 'national' });
    const region = await newNetwork(admin, { level: 'subnational' });
    const source = await newPackage(admin, national.id, 'National');
    const target = await newPackage(admin, region.id, 'Regional');
    const editor = open(admin, source.documentName);
    await synced(editor);
    const description = new Y.XmlFragment();
    const idea = new Y.Map<unknown>(Object.entries({ title: 'Text reminders', order: 0, driverIds: Y.Array.from(['d1']) }));
    idea.set('description', description);
    editor.doc.getMap('ideas').set('idea-1', idea);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Send a text the day before.')]);
    description.insert(0, [paragraph]);
    await saved(editor);

    const copied = await admin.client.post(`/api/change-packages/${source.id}/ideas/idea-1/adaptations`, { targetPackageId: target.id });
    expect(copied.status).toBe(201);
    const content = (await admin.client.get(`/api/change-packages/${target.id}`)).body.content;
    const [copy] = content.ideas;
    expect(copy).toMatchObject({ id: copied.body.ideaId, title: 'Text reminders', driverIds: [], descriptionHtml: '<p>Send a text the day before.</p>' });
    const targetState = open(admin, target.documentName);
    await synced(targetState);
    const lineage = (targetState.doc.getMap('ideas').get(copied.body.ideaId) as Y.Map<unknown>).get('source') as Y.Map<unknown>;
    expect(lineage.toJSON()).toMatchObject({ packageId: source.id, ideaId: 'idea-1', title: 'Text reminders' });
    expectErrorShape(await admin.client.post(`/api/change-packages/${source.id}/ideas/nope/adaptations`, { targetPackageId: target.id }), 404);
  });

  it('never shows a private source to those who cannot see it: in lists, in a rename\'s answer, or inside a copied idea', async () => {
    const owner = await newUser(server.url);
    const member = await newUser(server.url);
    const secret = await newNetwork(owner, { visibility: 'private', level: 'national' });
    const open_ = await newNetwork(owner, { visibility: 'public', level: 'subnational' });
    await addMember(owner, open_.id, member, 'member');
    const source = await newPackage(owner, secret.id, 'Confidential plan');
    const editor = open(owner, source.documentName);
    await synced(editor);
    editor.doc.getMap('ideas').set('idea-1', new Y.Map(Object.entries({ title: 'Nurse-led calls', order: 0 })));
    await saved(editor);

    const adapted = (await owner.client.post(`/api/change-packages/${source.id}/adaptations`, { networkId: open_.id, title: 'Open plan' })).body;
    const listedToOwner = (await owner.client.get(`/api/networks/${open_.id}/change-packages`)).body;
    expect(listedToOwner[0].source).toMatchObject({ id: source.id });
    const listedToMember = (await member.client.get(`/api/networks/${open_.id}/change-packages`)).body;
    expect(listedToMember[0]).toMatchObject({ id: adapted.id, source: null });
    const renamed = await member.client.patch(`/api/change-packages/${adapted.id}`, { title: 'Open plan, renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'Open plan, renamed', source: null });
    expect(JSON.stringify(renamed.body)).not.toContain(source.id);
    expect((await member.client.get(`/api/change-packages/${adapted.id}`)).body.source).toBeNull();

    // An idea copied from the private package into a public one keeps only its title there.
    const target = await newPackage(owner, open_.id, 'Public target');
    const copied = (await owner.client.post(`/api/change-packages/${source.id}/ideas/idea-1/adaptations`, { targetPackageId: target.id })).body;
    const readerView = open(member, target.documentName);
    await synced(readerView);
    const origin = (readerView.doc.getMap('ideas').get(copied.ideaId) as Y.Map<unknown>).get('source') as Y.Map<unknown>;
    expect(origin.toJSON()).toEqual({ title: 'Nurse-led calls' });
    expect(JSON.stringify(readerView.doc.toJSON())).not.toContain(source.id);

    // Within the same private network, everyone who reads the copy may see the source: it is named.
    const sibling = await newPackage(owner, secret.id, 'Sibling plan');
    const inside = (await owner.client.post(`/api/change-packages/${source.id}/ideas/idea-1/adaptations`, { targetPackageId: sibling.id })).body;
    const siblingView = open(owner, sibling.documentName);
    await synced(siblingView);
    const named = (siblingView.doc.getMap('ideas').get(inside.ideaId) as Y.Map<unknown>).get('source') as Y.Map<unknown>;
    expect(named.toJSON()).toEqual({ packageId: source.id, ideaId: 'idea-1', networkId: secret.id, title: 'Nurse-led calls' });

    // Adapted into the public network, that package keeps only the title of its idea's private origin.
    const adaptedSibling = (await owner.client.post(`/api/change-packages/${sibling.id}/adaptations`, { networkId: open_.id, title: 'Sibling, adapted' })).body;
    const outsideView = open(member, adaptedSibling.documentName);
    await synced(outsideView);
    const kept = (outsideView.doc.getMap('ideas').get(inside.ideaId) as Y.Map<unknown>).get('source') as Y.Map<unknown>;
    expect(kept.toJSON()).toEqual({ title: 'Nurse-led calls' });
    expect(Buffer.from(Y.encodeStateAsUpdate(outsideView.doc)).toString('latin1')).not.toContain(secret.id);
  });
});
