import * as Y from 'yjs';
import type { DecodedStructs } from './collab-protocol';

/**
 * How deep shared types may nest in a co-edited document (a map in a map, a list in a list, an
 * element in an element). Real content stays within a dozen levels. An update that nests
 * thousands deep would break every reader that walks the document recursively (projections,
 * restores, the browser's editor, even Yjs's own garbage collection when it is deleted), so the
 * server refuses it before storing it.
 */
export const MAX_NESTING = 40;

type AnyType = Y.AbstractType<unknown>;
type Id = { client: number; clock: number };

const key = (id: Id) => `${id.client}:${id.clock}`;

/** A type's depth below its document's root (a root type is 0), walking up without recursion. */
function depthOfType(type: AnyType, known: Map<AnyType, number>): number {
  const path: AnyType[] = [];
  let current: AnyType | null = type;
  let depth = -1;
  while (current) {
    const cached = known.get(current);
    if (cached !== undefined) {
      depth = cached;
      break;
    }
    path.push(current);
    current = (current._item?.parent as AnyType | undefined) ?? null;
  }
  for (let index = path.length - 1; index >= 0; index--) known.set(path[index], ++depth);
  return known.get(type)!;
}

/** The item with this id in the document, if it has it. */
function storedItem(doc: Y.Doc, id: Id): Y.Item | null {
  const structs = doc.store.clients.get(id.client);
  if (!structs || structs.length === 0) return null;
  const last = structs[structs.length - 1];
  if (id.clock >= last.id.clock + last.length) return null;
  const struct = Y.getItem(doc.store, id as Y.ID);
  return struct instanceof Y.Item ? struct : null;
}

/**
 * Whether applying an update (its decoded `structs`) to `doc` would nest shared types deeper than MAX_NESTING, worked out
 * from the update's own items and the document as it is, without applying anything and without
 * recursion. Where an item's parent is neither in the update nor in the document (it depends on
 * something not yet received), its depth is counted from there, so a deep chain sent in pieces is
 * still caught by the piece that holds the chain.
 */
export function nestsTooDeep(structs: DecodedStructs, doc: Y.Doc): boolean {
  // Only an update that makes a shared type can nest anything (most are text typed into one).
  if (!structs.some((struct) => struct instanceof Y.Item && struct.content instanceof Y.ContentType)) return false;
  const items = new Map<string, Y.Item>();
  for (const struct of structs) if (struct instanceof Y.Item) items.set(key(struct.id), struct);
  const typeDepths = new Map<AnyType, number>();
  /** Depth of the type an update item sits in (its parent), by item key. */
  const parentDepth = new Map<string, number>();

  /** What an item's parent depth depends on: a number when known now, or another item's key. */
  const resolveStep = (item: Y.Item): number | { parentOf: string } | { typeOf: string } => {
    const parent = item.parent as unknown;
    if (typeof parent === 'string') return 0;
    if (parent instanceof Y.AbstractType) return depthOfType(parent as AnyType, typeDepths);
    if (parent && typeof parent === 'object') {
      const id = parent as Id;
      if (items.has(key(id))) return { typeOf: key(id) };
      const stored = storedItem(doc, id);
      return stored && stored.content instanceof Y.ContentType ? depthOfType(stored.content.type as AnyType, typeDepths) : 0;
    }
    // No parent given: the item sits next to its origin (or right origin), in the same parent.
    for (const neighbour of [item.origin, item.rightOrigin]) {
      if (!neighbour) continue;
      if (items.has(key(neighbour))) return { parentOf: key(neighbour) };
      const stored = storedItem(doc, neighbour);
      if (stored) return stored.parent instanceof Y.AbstractType ? depthOfType(stored.parent as AnyType, typeDepths) : 0;
    }
    return 0;
  };

  for (const start of items.keys()) {
    if (parentDepth.has(start)) continue;
    // Follow what each depth depends on until something is known, then fill in on the way back.
    const chain: { key: string; plusOne: boolean }[] = [];
    const visiting = new Set<string>();
    let current = start;
    let known: number;
    for (;;) {
      const cached = parentDepth.get(current);
      if (cached !== undefined) {
        known = cached;
        break;
      }
      if (visiting.has(current)) {
        known = 0; // a malformed cycle: nothing to measure
        break;
      }
      visiting.add(current);
      const step = resolveStep(items.get(current)!);
      if (typeof step === 'number') {
        parentDepth.set(current, step);
        known = step;
        break;
      }
      if ('parentOf' in step) {
        chain.push({ key: current, plusOne: false });
        current = step.parentOf;
      } else {
        // The parent is the type the other item defines: one level below that item's parent.
        chain.push({ key: current, plusOne: true });
        current = step.typeOf;
      }
    }
    for (let index = chain.length - 1; index >= 0; index--) {
      known = chain[index].plusOne ? known + 1 : known;
      parentDepth.set(chain[index].key, known);
    }
  }
  for (const [itemKey, item] of items) {
    // A type an item defines sits one level below the item's parent.
    if (item.content instanceof Y.ContentType && parentDepth.get(itemKey)! + 1 > MAX_NESTING) return true;
  }
  return false;
}
