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

  register(prefix: string, owner: DocumentOwner): void {
    this.owners.set(prefix, owner);
  }

  async networkOf(documentName: string): Promise<string | null> {
    const separator = documentName.indexOf(':');
    if (separator <= 0) return null;
    const owner = this.owners.get(documentName.slice(0, separator + 1));
    return owner ? owner.networkOf(documentName) : null;
  }
}
