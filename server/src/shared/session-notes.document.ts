import * as Y from 'yjs';
import { safeHref } from './change-package.document';

/**
 * The co-edited notes of a learning session, shared by the server (access, export, capture) and
 * the web app (the editor). A session's notes are one Yjs document; each breakout group has its
 * own, named after the session's so that its owner (and so its access) is found the same way:
 *
 *   learning-session-notes:<sessionId>            the whole session's notes
 *   learning-session-notes:<sessionId>:<groupId>  one breakout group's notes
 *
 * The document holds one Y.XmlFragment, NOTES_FRAGMENT, edited with Tiptap (the same rich text as
 * a change idea's description: paragraphs, headings, lists, quotes, bold, italic, links).
 */
export const SESSION_NOTES_PREFIX = 'learning-session-notes:';
export const NOTES_FRAGMENT = 'notes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A breakout group's id: whatever the breakout feature names its groups with (a uuid, or a short key). */
const GROUP_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function sessionNotesDocumentName(sessionId: string, groupId?: string): string {
  return groupId ? `${SESSION_NOTES_PREFIX}${sessionId}:${groupId}` : `${SESSION_NOTES_PREFIX}${sessionId}`;
}

/** The session (and group) a notes document belongs to; null for a name that is not one. */
export function parseSessionNotesDocumentName(name: string): { sessionId: string; groupId: string | null } | null {
  if (!name.startsWith(SESSION_NOTES_PREFIX)) return null;
  const [sessionId, groupId, ...rest] = name.slice(SESSION_NOTES_PREFIX.length).split(':');
  if (rest.length > 0 || !UUID.test(sessionId)) return null;
  if (groupId === undefined) return { sessionId, groupId: null };
  return GROUP_ID.test(groupId) ? { sessionId, groupId } : null;
}

// ---- Markdown: the export -----------------------------------------------------------------

/** Characters that would start Markdown syntax are escaped, so that notes read as they were typed. */
const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, '\\$1');

/** Nested deeper than this is not rendered (the server refuses deeper content anyway). */
const MAX_DEPTH = 48;

function inlineMarkdown(node: Y.XmlText): string {
  return (node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[])
    .map(({ insert, attributes = {} }) => {
      if (typeof insert !== 'string' || insert === '') return '';
      // Marks wrap the words, not the spaces around them ("** bold**" is not bold in Markdown).
      const [, before, core, after] = /^(\s*)([\s\S]*?)(\s*)$/.exec(insert)!;
      if (!core) return insert;
      let text = escapeMarkdown(core);
      if (attributes.italic) text = `_${text}_`;
      if (attributes.bold) text = `**${text}**`;
      const href = safeHref((attributes.link as { href?: unknown } | undefined)?.href);
      if (href) text = `[${text}](${href.replace(/[()]/g, (c) => encodeURIComponent(c))})`;
      return before + text + after;
    })
    .join('');
}

function inlineOf(element: Y.XmlElement | Y.XmlText, depth: number): string {
  if (element instanceof Y.XmlText) return inlineMarkdown(element);
  if (element.nodeName === 'hardBreak') return '  \n';
  if (depth >= MAX_DEPTH) return '';
  return element
    .toArray()
    .map((child) => inlineOf(child as Y.XmlElement | Y.XmlText, depth + 1))
    .join('');
}

const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((line, index) => (index === 0 || line === '' ? line : by + line))
    .join('\n');

/** One block as Markdown lines (no trailing blank line). */
function blockMarkdown(node: Y.XmlElement | Y.XmlText, depth: number): string {
  if (node instanceof Y.XmlText) return inlineMarkdown(node);
  if (depth >= MAX_DEPTH) return '';
  const children = node.toArray() as (Y.XmlElement | Y.XmlText)[];
  switch (node.nodeName) {
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(node.getAttribute('level')) || 2));
      return `${'#'.repeat(level)} ${inlineOf(node, depth)}`;
    }
    case 'bulletList':
    case 'orderedList':
      return children
        .map((item, index) => {
          const marker = node.nodeName === 'orderedList' ? `${index + 1}. ` : '- ';
          const body = item instanceof Y.XmlElement ? blocksMarkdown(item.toArray() as (Y.XmlElement | Y.XmlText)[], depth + 1) : inlineMarkdown(item);
          return marker + indent(body, ' '.repeat(marker.length));
        })
        .join('\n');
    case 'blockquote':
      return blocksMarkdown(children, depth + 1)
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n');
    case 'paragraph':
      return inlineOf(node, depth);
    default:
      return blocksMarkdown(children, depth + 1);
  }
}

function blocksMarkdown(nodes: (Y.XmlElement | Y.XmlText)[], depth: number): string {
  return nodes
    .map((node) => blockMarkdown(node, depth))
    .filter((block) => block.trim() !== '')
    .join('\n\n');
}

/** The notes as Markdown (empty when nothing has been written). */
export function notesMarkdown(doc: Y.Doc): string {
  const fragment = doc.getXmlFragment(NOTES_FRAGMENT);
  return blocksMarkdown(fragment.toArray() as (Y.XmlElement | Y.XmlText)[], 0);
}

/** Writes plain paragraphs into empty notes (the demo seed, tests). */
export function writeNotesParagraphs(doc: Y.Doc, paragraphs: string[]): void {
  const fragment = doc.getXmlFragment(NOTES_FRAGMENT);
  doc.transact(() => {
    fragment.insert(
      fragment.length,
      paragraphs.map((paragraph) => {
        const element = new Y.XmlElement('paragraph');
        element.insert(0, [new Y.XmlText(paragraph)]);
        return element;
      }),
    );
  });
}
