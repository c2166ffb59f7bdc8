import * as Y from 'yjs';
import { NOTES_FRAGMENT, notesMarkdown, parseSessionNotesDocumentName, sessionNotesDocumentName } from './session-notes.document';

const SESSION = '0b7c2a52-4c1e-4a8e-9a55-2f1f4b7d6c10';

describe('session notes document names', () => {
  it('names a session’s notes and a breakout group’s, and reads them back', () => {
    expect(sessionNotesDocumentName(SESSION)).toBe(`learning-session-notes:${SESSION}`);
    expect(parseSessionNotesDocumentName(sessionNotesDocumentName(SESSION))).toEqual({ sessionId: SESSION, groupId: null });
    expect(parseSessionNotesDocumentName(sessionNotesDocumentName(SESSION, 'group-2'))).toEqual({ sessionId: SESSION, groupId: 'group-2' });
  });

  it('refuses what is not one', () => {
    expect(parseSessionNotesDocumentName('change-package:' + SESSION)).toBeNull();
    expect(parseSessionNotesDocumentName('learning-session-notes:not-a-uuid')).toBeNull();
    expect(parseSessionNotesDocumentName(`learning-session-notes:${SESSION}:a:b`)).toBeNull();
    expect(parseSessionNotesDocumentName(`learning-session-notes:${SESSION}:`)).toBeNull();
  });
});

function element(name: string, children: (Y.XmlElement | Y.XmlText)[], attributes: Record<string, string> = {}): Y.XmlElement {
  const node = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  node.insert(0, children);
  return node;
}

describe('notesMarkdown', () => {
  it('writes headings, paragraphs with marks and links, lists and quotes, escaping what would be syntax', () => {
    const doc = new Y.Doc();
    const bold = new Y.XmlText();
    const link = new Y.XmlText();
    doc.getXmlFragment(NOTES_FRAGMENT).insert(0, [
      element('heading', [new Y.XmlText('Follow-up calls')], { level: '2' }),
      element('paragraph', [bold]),
      element('bulletList', [element('listItem', [element('paragraph', [new Y.XmlText('first *not bold*')])]), element('listItem', [element('paragraph', [link])])]),
      element('orderedList', [element('listItem', [element('paragraph', [new Y.XmlText('one')])])]),
      element('blockquote', [element('paragraph', [new Y.XmlText('quoted')])]),
      element('paragraph', []),
    ]);
    bold.insert(0, 'Riverside ');
    bold.insert(10, 'called', { bold: true });
    bold.insert(16, ' everyone', { bold: null });
    link.insert(0, 'the guide', { link: { href: 'https://example.org/guide' } });
    const javascript = new Y.XmlText();
    doc.getXmlFragment(NOTES_FRAGMENT).insert(6, [element('paragraph', [javascript])]);
    javascript.insert(0, 'bad', { link: { href: 'javascript:alert(1)' } });

    expect(notesMarkdown(doc)).toBe(
      [
        '## Follow-up calls',
        'Riverside **called** everyone',
        '- first \\*not bold\\*\n- [the guide](https://example.org/guide)',
        '1. one',
        '> quoted',
        'bad',
      ].join('\n\n'),
    );
  });

  it('is empty for empty notes', () => {
    expect(notesMarkdown(new Y.Doc())).toBe('');
  });
});
