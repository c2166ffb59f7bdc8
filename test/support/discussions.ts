import * as Y from 'yjs';
import { ChangePackageWriter } from '../../server/src/shared/change-package.document';
import type { TestUser } from './api';
import { connectProvider, destroyProvider, synced } from './collab';

/** Starts a discussion through the API and returns the created thread (with firstPost); fails loudly otherwise. */
export async function newThread(author: TestUser, networkId: string, body: Record<string, unknown> = {}): Promise<any> {
  const response = await author.client.post(`/api/networks/${networkId}/threads`, { title: 'A question about follow-up calls', body: 'How do you reach people?', ...body });
  if (response.status !== 201) throw new Error(`create thread failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Posts in a thread and returns the post; fails loudly otherwise. */
export async function newPost(author: TestUser, threadId: string, body: Record<string, unknown> = {}): Promise<any> {
  const response = await author.client.post(`/api/threads/${threadId}/posts`, { body: 'A reply', ...body });
  if (response.status !== 201) throw new Error(`create post failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A change package with one change idea, written through /collab as the editor would; the package and the idea's id. */
export async function newPackageWithIdea(baseUrl: string, owner: TestUser, networkId: string, ideaTitle = 'Call within 7 days'): Promise<{ packageId: string; ideaId: string }> {
  const created = await owner.client.post(`/api/networks/${networkId}/change-packages`, { title: 'Depression care' });
  if (created.status !== 201) throw new Error(`create package failed: ${created.status} ${JSON.stringify(created.body)}`);
  const provider = connectProvider(baseUrl, owner, created.body.documentName, new Y.Doc(), { ack: true });
  try {
    await synced(provider);
    const writer = new ChangePackageWriter(provider.doc);
    const driver = writer.addDriver('Reliable follow-up', null);
    const ideaId = writer.addIdea(ideaTitle, driver);
    await provider.whenSaved();
    return { packageId: created.body.id, ideaId };
  } finally {
    destroyProvider(provider);
  }
}
