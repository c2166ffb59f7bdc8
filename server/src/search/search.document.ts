import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { jargonOf } from './search-settings';

/** What the index holds; learning sessions join when they land. */
export const SEARCH_DOC_TYPES = ['lesson', 'thread', 'post', 'change-package', 'change-idea', 'learning-session'] as const;
export type SearchDocType = (typeof SEARCH_DOC_TYPES)[number];

export const LESSON_OUTCOMES = ['worked', 'partly_worked', 'did_not_work', 'abandoned'] as const;
export type LessonOutcome = (typeof LESSON_OUTCOMES)[number];

/**
 * One searchable thing, as a feature describes it. An anonymous author's name or team is never
 * given here: whatever a source returns is written to the index, and the index is not a place
 * anyone may look behind the access filter.
 */
export interface SearchDocument {
  type: SearchDocType;
  /** The record's id (for a change idea: the idea's id inside its package's document). */
  id: string;
  networkId: string;
  title: string;
  /** Plain text, no markup. */
  text: string;
  outcome?: LessonOutcome;
  setting?: string;
  tags?: string[];
  teamName?: string;
  authorName?: string;
  createdAt: Date;
  updatedAt: Date;
  /** Where the web app shows it, from the site's root. */
  url: string;
}

/**
 * A feature's searchable records of some outbox types. `load` answers, for each id in order, what
 * the record looks like now: one document, several (a change package and its ideas are indexed
 * together under the package's id), or null when it is gone or must not be found (deleted,
 * removed, hidden, a draft).
 */
export interface SearchSource {
  types: readonly SearchDocType[];
  load(type: SearchDocType, ids: string[], manager: EntityManager): Promise<Array<SearchDocument | SearchDocument[] | null>>;
  /** Every id of `type`, a batch at a time, for a full reindex. */
  allIds(type: SearchDocType, manager?: EntityManager): AsyncIterable<string[]>;
  /**
   * The ids of `type` whose documents show this person's or team's name now (never a record that
   * hides its writer), so that a rename reaches the index. Sources that show no names leave it out.
   */
  showingName?(type: SearchDocType, named: NamedInIndex, manager: EntityManager): Promise<string[]>;
}

/** Whose name a document may show: a person (as author) or a team. */
export type NamedInIndex = { kind: 'user'; userId: string } | { kind: 'team'; teamId: string };

/** The shape in Meilisearch: plain values, ids hashed so that any record id is a valid primary key. */
export interface IndexedDocument {
  key: string;
  /** The key of the outbox record this document came from: a package's ideas carry the package's. */
  owner: string;
  type: SearchDocType;
  id: string;
  networkId: string;
  title: string;
  text: string;
  /** The jargon the title and text use, in all its spellings (see jargonOf). */
  jargon: string;
  outcome: LessonOutcome | null;
  setting: string | null;
  tags: string[];
  teamName: string | null;
  authorName: string | null;
  createdAt: number;
  updatedAt: number;
  url: string;
}

/** The marks Meilisearch puts around matches: control characters that no indexed text keeps, so that they can become <mark> safely. */
export const MATCH_START = '\u0001';
export const MATCH_END = '\u0002';
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function indexKey(type: string, id: string): string {
  return createHash('sha256').update(`${type}\u0000${id}`).digest('hex').slice(0, 40);
}

const clean = (value: string) => value.replace(CONTROL_CHARACTERS, ' ');

export function toIndexed(owner: string, document: SearchDocument): IndexedDocument {
  return {
    key: indexKey(document.type, document.id),
    owner,
    type: document.type,
    id: document.id,
    networkId: document.networkId,
    title: clean(document.title),
    text: clean(document.text),
    jargon: jargonOf(`${document.title} ${document.text} ${document.setting ?? ''}`),
    outcome: document.outcome ?? null,
    setting: document.setting ? clean(document.setting).toLowerCase() : null,
    tags: (document.tags ?? []).map((tag) => clean(tag).toLowerCase()),
    teamName: document.teamName ? clean(document.teamName) : null,
    authorName: document.authorName ? clean(document.authorName) : null,
    createdAt: document.createdAt.getTime(),
    updatedAt: document.updatedAt.getTime(),
    url: document.url,
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A highlighted text from Meilisearch as HTML whose only element is <mark>: everything else is escaped. */
export function markedSnippet(formatted: string): string {
  const escaped = formatted.replace(/[&<>"']/g, (c) => ESCAPES[c]);
  let open = false;
  let html = '';
  for (const character of escaped) {
    if (character === MATCH_START && !open) {
      html += '<mark>';
      open = true;
    } else if (character === MATCH_END && open) {
      html += '</mark>';
      open = false;
    } else if (character !== MATCH_START && character !== MATCH_END) html += character;
  }
  return open ? html + '</mark>' : html;
}

/** Markdown or HTML as plain words, for the index. */
export function plainText(source: string): string {
  return source
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[*_`#>~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * What a source's `load` answers: for each requested id in order, the document its row makes, or
 * null when the row is gone (or `toDocument` says it must not be found).
 */
export function documentsInOrder<Row extends { id: string }, Document>(
  ids: string[],
  rows: Row[],
  toDocument: (row: Row) => Document | null,
): Array<Document | null> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    return row ? toDocument(row) : null;
  });
}

/** What a source's `allIds` walks: every id, a page at a time in id order, each page read after the last id of the one before. */
export async function* idsInPages(pageAfter: (after: string | null) => Promise<string[]>): AsyncIterable<string[]> {
  let after: string | null = null;
  for (;;) {
    const ids = await pageAfter(after);
    if (ids.length === 0) return;
    yield ids;
    after = ids[ids.length - 1];
  }
}
