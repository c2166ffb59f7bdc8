import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type * as Y from 'yjs';

/** A feature whose records own collaborative documents (change packages now; session notes later). */
export interface DocumentOwner {
  /** The network a document belongs to, or null when there is no such document. */
  networkOf(documentName: string): Promise<string | null>;
  /**
   * Brings a document written under an older schema up to the current one, by editing `doc` (a
   * copy of the loaded state). Called each time a document is loaded for editing; whatever it
   * changes is committed as one update by the server, before anyone connected sees the document.
   * Must change nothing when the document is already current.
   */
  upgrade?(doc: Y.Doc): void;
  /**
   * Told, inside the transaction that stores them, that these documents changed: for what must
   * change with them atomically (the search outbox).
   */
  documentsChanged?(documentNames: string[], manager: EntityManager): Promise<void>;
  /**
   * For a document open to only some of its network's readers (a breakout group's notes: its
   * members and the hosts): whether this reader may open it. Asked after the network's policy has
   * allowed reading, at the upgrade and at every re-check; false is the same 404 as a missing
   * document. Absent: every reader of the network may open every document of the owner.
   */
  admits?(userId: string, documentName: string, network: { moderates: boolean; contributes: boolean }): Promise<boolean>;
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

  /** The feature that owns a document, by its name's prefix. */
  ownerOf(documentName: string): DocumentOwner | null {
    const separator = documentName.indexOf(':');
    return separator > 0 ? (this.owners.get(documentName.slice(0, separator + 1)) ?? null) : null;
  }

  /** Tells each owner, in the storing transaction, which of its documents changed; false when no owner wants to know. */
  wantsChanges(documentNames: string[]): boolean {
    return documentNames.some((name) => this.ownerOf(name)?.documentsChanged !== undefined);
  }

  async documentsChanged(documentNames: string[], manager: EntityManager): Promise<void> {
    const byOwner = new Map<DocumentOwner, string[]>();
    for (const name of new Set(documentNames)) {
      const owner = this.ownerOf(name);
      if (owner?.documentsChanged) byOwner.set(owner, [...(byOwner.get(owner) ?? []), name]);
    }
    for (const [owner, names] of byOwner) await owner.documentsChanged!(names, manager);
  }

  async networkOf(documentName: string): Promise<string | null> {
    const cached = this.known.get(documentName);
    if (cached) return cached;
    const owner = this.ownerOf(documentName);
    const networkId = owner ? await owner.networkOf(documentName) : null;
    if (networkId) {
      if (this.known.size >= 10_000) this.known.delete(this.known.keys().next().value!);
      this.known.set(documentName, networkId);
    }
    return networkId;
  }
}
