import { Injectable } from '@nestjs/common';

/** A feature whose records own collaborative documents (change packages now; session notes later). */
export interface DocumentOwner {
  /** The network a document belongs to, or null when there is no such document. */
  networkOf(documentName: string): Promise<string | null>;
}

/**
 * Which network a /collab document belongs to, so that the access policy can decide. Features
 * register the document-name prefix they own ("change-package:"); collab depends on none of them.
 */
@Injectable()
export class CollabDirectory {
  private readonly owners = new Map<string, DocumentOwner>();
  /** A document never moves to another network, so a found answer can be kept (bounded). */
  private readonly known = new Map<string, string>();

  register(prefix: string, owner: DocumentOwner): void {
    this.owners.set(prefix, owner);
  }

  async networkOf(documentName: string): Promise<string | null> {
    const separator = documentName.indexOf(':');
    if (separator <= 0) return null;
    const cached = this.known.get(documentName);
    if (cached) return cached;
    const owner = this.owners.get(documentName.slice(0, separator + 1));
    const networkId = owner ? await owner.networkOf(documentName) : null;
    if (networkId) {
      if (this.known.size >= 10_000) this.known.delete(this.known.keys().next().value!);
      this.known.set(documentName, networkId);
    }
    return networkId;
  }
}
