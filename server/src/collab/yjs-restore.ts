import * as Y from 'yjs';
import { replaceText } from '../shared/collab-text';

/**
 * Makes the content of `target`'s top-level maps equal to `source`'s, as ordinary edits on
 * `target` (one transaction). Restoring a version this way is a new change: everyone connected
 * receives it as an update and stays in sync, and the history keeps both.
 *
 * Nested maps are brought in line key by key, so an item that exists in both keeps its identity
 * (and concurrent edits to other items are untouched); plain text is changed by the smallest edit,
 * so someone typing elsewhere in the same field keeps their characters; arrays and rich text
 * that differ are replaced by copies of the source's.
 */
export function restoreTopLevelMaps(target: Y.Doc, source: Y.Doc, names: readonly string[], origin: unknown = null): void {
  target.transact(() => {
    for (const name of names) syncMap(target.getMap(name), source.getMap(name));
  }, origin);
}

function sameContent(a: unknown, b: unknown): boolean {
  if (a instanceof Y.AbstractType && b instanceof Y.AbstractType) {
    if (a.constructor !== b.constructor) return false;
    return JSON.stringify(a.toJSON()) === JSON.stringify(b.toJSON()) && a.toString() === b.toString();
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function copy(value: unknown): unknown {
  return value instanceof Y.AbstractType ? (value as Y.AbstractType<unknown> & { clone(): unknown }).clone() : value;
}

function syncMap(target: Y.Map<unknown>, source: Y.Map<unknown>): void {
  for (const key of [...target.keys()]) if (!source.has(key)) target.delete(key);
  for (const [key, wanted] of source.entries()) {
    const current = target.get(key);
    if (wanted instanceof Y.Map && current instanceof Y.Map) syncMap(current, wanted);
    else if (wanted instanceof Y.Text && current instanceof Y.Text) replaceText(current, wanted.toString());
    else if (wanted instanceof Y.XmlFragment && current instanceof Y.XmlFragment && !(wanted instanceof Y.XmlElement)) {
      if (current.toString() !== wanted.toString()) {
        current.delete(0, current.length);
        current.insert(0, wanted.toArray().map((child) => child.clone() as Y.XmlElement | Y.XmlText));
      }
    } else if (!sameContent(current, wanted)) target.set(key, copy(wanted));
  }
}
