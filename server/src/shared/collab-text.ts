import type * as Y from 'yjs';

/**
 * Helpers for plain-text fields kept as Y.Text, shared by the server (renames) and the web app
 * (text boxes bound to a Y.Text). Nothing here may import Node-only modules.
 */

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest edit that turns `before` into `after`: the unchanged start and end are kept, so a
 * keystroke is one small insert or delete that merges with other people's edits to the same
 * field instead of replacing the whole text. Never splits a character made of two UTF-16 units.
 */
export function textChange(before: string, after: string): { index: number; remove: number; insert: string } | null {
  if (before === after) return null;
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start -= 1;
  let end = 0;
  while (end < shortest - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end += 1;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end -= 1;
  return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

/** Makes `text` read `next` with the smallest edit (see `textChange`). */
export function replaceText(text: Y.Text, next: string): void {
  const change = textChange(text.toString(), next);
  if (!change) return;
  const apply = () => {
    if (change.remove > 0) text.delete(change.index, change.remove);
    if (change.insert) text.insert(change.index, change.insert);
  };
  // One transaction, so that observers see one change, not a delete followed by an insert.
  if (text.doc) text.doc.transact(apply);
  else apply();
}

/** A Y.Text change as Yjs reports it (YTextEvent.delta for plain text). */
export type TextDelta = { retain?: number; insert?: unknown; delete?: number }[];

/** The change from `before` to `after` as a delta (see `textChange`), for `transformPosition`. */
export function textDelta(before: string, after: string): TextDelta {
  const change = textChange(before, after);
  if (!change) return [];
  return [{ retain: change.index }, { delete: change.remove }, { insert: change.insert }];
}

/**
 * Applies one person's edit of a field, made from a draft that started as `base`, to the field
 * as it is now: what others changed meanwhile is kept, and this edit lands where it was made,
 * moved along by their text. Where both changed the same characters, the two changes are taken
 * together as one and this person's version of that stretch wins. A draft edited in a form (an
 * evidence item) is saved with this.
 */
export function mergeTextEdit(text: Y.Text, base: string, mine: string): void {
  const current = text.toString();
  const change = textChange(base, mine);
  if (!change) return;
  const theirs = textChange(base, current) ?? { index: 0, remove: 0, insert: '' };
  const [myStart, myEnd] = [change.index, change.index + change.remove];
  const [theirStart, theirEnd] = [theirs.index, theirs.index + theirs.remove];
  const shift = theirs.insert.length - theirs.remove;
  let at: number;
  let remove: number;
  let insert = change.insert;
  if (theirEnd <= myStart) {
    // Theirs lies before this edit (text inserted right where it begins too).
    [at, remove] = [myStart + shift, change.remove];
  } else if (theirStart >= myEnd) {
    [at, remove] = [myStart, change.remove];
  } else {
    // Both changed the same stretch: this person's version of the whole stretch.
    const [from, to] = [Math.min(myStart, theirStart), Math.max(myEnd, theirEnd)];
    [at, remove] = [from, to - from + shift];
    insert = base.slice(from, myStart) + change.insert + base.slice(myEnd, to);
  }
  const apply = () => {
    if (remove > 0) text.delete(at, remove);
    if (insert) text.insert(at, insert);
  };
  if (text.doc) text.doc.transact(apply);
  else apply();
}

/**
 * Where a position in a text (a caret, a selection end) belongs after someone else's change:
 * text inserted before it pushes it along, text deleted before it pulls it back, and a deletion
 * that contains it leaves it where the deletion began. Text inserted exactly at the position lands
 * after it (the caret stays before it) unless `pushedByInsertAt`, as for the end of a selection.
 */
export function transformPosition(delta: TextDelta, position: number, pushedByInsertAt = false): number {
  let cursor = 0;
  let result = position;
  for (const op of delta) {
    if (op.retain !== undefined) {
      cursor += op.retain;
    } else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      if (cursor < position || (cursor === position && pushedByInsertAt)) result += length;
      // `cursor` counts the text before the change, so an insert does not move it.
    } else if (op.delete !== undefined) {
      if (cursor < position) result -= Math.min(op.delete, position - cursor);
      cursor += op.delete;
    }
    if (cursor > position) break;
  }
  return Math.max(0, result);
}
