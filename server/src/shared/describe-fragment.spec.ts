import * as Y from 'yjs';
import { describeFragment } from './change-package.document';

describe('describeFragment', () => {
  it('renders a description stored before nesting was limited, thousands of levels deep, without overflowing the stack', () => {
    const doc = new Y.Doc({ gc: false });
    const fragment = doc.getXmlFragment('description');
    doc.transact(() => {
      let parent: Y.XmlFragment | Y.XmlElement = fragment;
      for (let i = 0; i < 5_000; i++) {
        const quote: Y.XmlElement = new Y.XmlElement('blockquote');
        parent.insert(0, [quote]);
        parent = quote;
      }
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('Too deep to show')]);
      parent.insert(0, [paragraph]);
      const top = new Y.XmlElement('paragraph');
      top.insert(0, [new Y.XmlText('Shown')]);
      fragment.insert(1, [top]);
    });
    const { html, text } = describeFragment(fragment);
    expect(html).toMatch(/^(<blockquote>)+(<\/blockquote>)+<p>Shown<\/p>$/);
    expect(text).toBe('Shown');
  });
});
