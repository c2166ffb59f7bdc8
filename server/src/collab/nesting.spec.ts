import * as Y from 'yjs';
import { MAX_NESTING, nestsTooDeep as nestsTooDeepIn } from './nesting';

const nestsTooDeep = (update: Uint8Array, doc: Y.Doc) => nestsTooDeepIn(Y.decodeUpdate(update).structs, doc);

/** `levels` blockquotes, each inside the last, under `parent`, in one transaction; returns the deepest. */
function nest(doc: Y.Doc, parent: Y.XmlFragment | Y.XmlElement, levels: number): Y.XmlFragment | Y.XmlElement {
  let current = parent;
  doc.transact(() => {
    for (let i = 0; i < levels; i++) {
      const child: Y.XmlElement = new Y.XmlElement('blockquote');
      current.insert(0, [child]);
      current = child;
    }
  });
  return current;
}

/** A document with an idea whose description is `levels` deep: ideas (0) › idea (1) › description (2) › elements. */
function withDescription(levels: number): { doc: Y.Doc; deepest: Y.XmlFragment | Y.XmlElement } {
  const doc = new Y.Doc();
  const description = new Y.XmlFragment();
  doc.getMap('ideas').set('idea', new Y.Map(Object.entries({ description })));
  return { doc, deepest: nest(doc, description, levels) };
}

const copyOf = (doc: Y.Doc) => {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
};

describe('nesting limits', () => {
  it('lets content of ordinary depth through, up to the limit itself', () => {
    expect(nestsTooDeep(Y.encodeStateAsUpdate(withDescription(10).doc), new Y.Doc())).toBe(false);
    expect(nestsTooDeep(Y.encodeStateAsUpdate(withDescription(MAX_NESTING - 2).doc), new Y.Doc())).toBe(false);
  });

  it('refuses 20,000 levels in one update, without recursion', () => {
    expect(nestsTooDeep(Y.encodeStateAsUpdate(withDescription(20_000).doc), new Y.Doc())).toBe(true);
    expect(nestsTooDeep(Y.encodeStateAsUpdate(withDescription(MAX_NESTING - 1).doc), new Y.Doc())).toBe(true);
  });

  it('counts from where an update attaches in the document the server has', () => {
    const { doc, deepest } = withDescription(30);
    const server = copyOf(doc);
    const before = Y.encodeStateVector(doc);
    nest(doc, deepest, 5);
    const shallow = Y.encodeStateAsUpdate(doc, before);
    expect(nestsTooDeep(shallow, server)).toBe(false);
    Y.applyUpdate(server, shallow);
    const again = Y.encodeStateVector(doc);
    nest(doc, deepest, 10);
    expect(nestsTooDeep(Y.encodeStateAsUpdate(doc, again), server)).toBe(true);
  });

  it('catches a deep chain sent without what it hangs from', () => {
    const { doc, deepest } = withDescription(3);
    const anchorOnly = Y.encodeStateVector(doc);
    nest(doc, deepest, 100);
    // The server never got the first part: the chain's own depth is still too much.
    expect(nestsTooDeep(Y.encodeStateAsUpdate(doc, anchorOnly), new Y.Doc())).toBe(true);
  });
});
