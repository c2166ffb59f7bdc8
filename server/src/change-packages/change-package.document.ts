import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';

/**
 * The shape of a change package's Yjs document, shared by the server (projection, seed, history)
 * and the web editor (web/src/lib/collab). One document per package:
 *
 *   meta      Y.Map   { title }
 *   aim       Y.Map   { what, howMuch, byWhen, forWhom }                       (strings)
 *   drivers   Y.Map   id → Y.Map { title, level: primary|secondary, parentId, order }
 *   ideas     Y.Map   id → Y.Map { title, driverIds: Y.Array<string>, description: Y.XmlFragment,
 *                                  evidence: Y.Array<Y.Map{label,url}>, measureIds: Y.Array<string>, order }
 *   measures  Y.Map   id → Y.Map { name, kind: outcome|process|balancing, definition, goal, order }
 *
 * A change idea may hang under several drivers (driverIds). Descriptions are ProseMirror
 * documents as y-prosemirror stores them (paragraph, heading, bulletList, orderedList, listItem,
 * blockquote, hardBreak; bold, italic and link marks).
 */

export const AIM_FIELDS = ['what', 'howMuch', 'byWhen', 'forWhom'] as const;
export type AimField = (typeof AIM_FIELDS)[number];
export const MEASURE_KINDS = ['outcome', 'process', 'balancing'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export interface AimProjection {
  what: string;
  howMuch: string;
  byWhen: string;
  forWhom: string;
}

export interface DriverProjection {
  id: string;
  title: string;
  level: 'primary' | 'secondary';
  parentId: string | null;
  ideaIds: string[];
  secondary: DriverProjection[];
}

export interface IdeaProjection {
  id: string;
  title: string;
  driverIds: string[];
  descriptionText: string;
  descriptionHtml: string;
  evidence: { label: string; url: string }[];
  measureIds: string[];
}

export interface MeasureProjection {
  id: string;
  name: string;
  kind: MeasureKind;
  definition: string;
  goal: string;
}

export interface ChangePackageProjection {
  title: string;
  aim: AimProjection;
  drivers: DriverProjection[];
  ideas: IdeaProjection[];
  measures: MeasureProjection[];
}

// ---- reading ------------------------------------------------------------------------------

const text = (map: Y.Map<unknown>, key: string): string => {
  const value = map.get(key);
  return typeof value === 'string' ? value : value instanceof Y.Text ? value.toString() : '';
};
const order = (map: Y.Map<unknown>): number => (typeof map.get('order') === 'number' ? (map.get('order') as number) : 0);
const strings = (value: unknown): string[] => (value instanceof Y.Array ? value.toArray().filter((v): v is string => typeof v === 'string') : []);

function sortedEntries(map: Y.Map<unknown>): [string, Y.Map<unknown>][] {
  return [...map.entries()]
    .filter((entry): entry is [string, Y.Map<unknown>] => entry[1] instanceof Y.Map)
    .sort(([idA, a], [idB, b]) => order(a) - order(b) || idA.localeCompare(idB));
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Only web and mail links survive into HTML: no javascript: or data: URLs. */
function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null;
  try {
    const url = new URL(href);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.toString() : null;
  } catch {
    return null;
  }
}

const BLOCK_TAGS: Record<string, string> = {
  paragraph: 'p',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  blockquote: 'blockquote',
  codeBlock: 'pre',
};

function xmlTextToHtml(node: Y.XmlText): string {
  return (node.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[])
    .map(({ insert, attributes = {} }) => {
      if (typeof insert !== 'string') return '';
      let html = escapeHtml(insert);
      if (attributes.code) html = `<code>${html}</code>`;
      if (attributes.italic) html = `<em>${html}</em>`;
      if (attributes.bold) html = `<strong>${html}</strong>`;
      const href = safeHref((attributes.link as { href?: unknown } | undefined)?.href);
      if (href) html = `<a href="${escapeHtml(href)}" rel="noopener noreferrer">${html}</a>`;
      return html;
    })
    .join('');
}

function nodeToHtml(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) return xmlTextToHtml(node);
  const inner = node.toArray().map((child) => nodeToHtml(child as Y.XmlElement | Y.XmlText)).join('');
  if (node.nodeName === 'hardBreak') return '<br>';
  if (node.nodeName === 'heading') {
    const level = Math.min(6, Math.max(1, Number(node.getAttribute('level')) || 2));
    return `<h${level}>${inner}</h${level}>`;
  }
  const tag = BLOCK_TAGS[node.nodeName];
  return tag ? `<${tag}>${inner}</${tag}>` : inner;
}

function nodeToText(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert: unknown }[]).map(({ insert }) => (typeof insert === 'string' ? insert : '')).join('');
  }
  if (node.nodeName === 'hardBreak') return '\n';
  const inner = node.toArray().map((child) => nodeToText(child as Y.XmlElement | Y.XmlText));
  const isBlock = node.nodeName in BLOCK_TAGS || node.nodeName === 'heading';
  const joined = inner.join(node.nodeName === 'bulletList' || node.nodeName === 'orderedList' ? '\n' : '');
  return isBlock ? joined + (node.nodeName === 'listItem' ? '' : '\n') : joined;
}

/** A description as safe HTML and as plain text (for search and exports). */
export function describeFragment(fragment: unknown): { html: string; text: string } {
  if (!(fragment instanceof Y.XmlFragment)) return { html: '', text: '' };
  const nodes = fragment.toArray() as (Y.XmlElement | Y.XmlText)[];
  return {
    html: nodes.map(nodeToHtml).join(''),
    text: nodes
      .map(nodeToText)
      .join('')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  };
}

/** The JSON projection of a change package document, for API users, search and exports. */
export function projectChangePackage(doc: Y.Doc): ChangePackageProjection {
  const aimMap = doc.getMap<unknown>('aim');
  const ideas = sortedEntries(doc.getMap('ideas')).map(([id, idea]) => {
    const description = describeFragment(idea.get('description'));
    const evidence = idea.get('evidence');
    return {
      id,
      title: text(idea, 'title'),
      driverIds: strings(idea.get('driverIds')),
      descriptionText: description.text,
      descriptionHtml: description.html,
      evidence:
        evidence instanceof Y.Array
          ? evidence.toArray().flatMap((item) => (item instanceof Y.Map ? [{ label: text(item, 'label'), url: safeHref(text(item, 'url')) ?? '' }] : []))
          : [],
      measureIds: strings(idea.get('measureIds')),
    };
  });

  const driverEntries = sortedEntries(doc.getMap('drivers'));
  const ideasUnder = (driverId: string) => ideas.filter((idea) => idea.driverIds.includes(driverId)).map((idea) => idea.id);
  const toDriver = ([id, driver]: [string, Y.Map<unknown>]): DriverProjection => ({
    id,
    title: text(driver, 'title'),
    level: driver.get('level') === 'secondary' ? 'secondary' : 'primary',
    parentId: typeof driver.get('parentId') === 'string' ? (driver.get('parentId') as string) : null,
    ideaIds: ideasUnder(id),
    secondary: [],
  });
  const all = driverEntries.map(toDriver);
  const primaries = all.filter((driver) => driver.level === 'primary');
  for (const driver of all) {
    if (driver.level !== 'secondary') continue;
    const parent = primaries.find((primary) => primary.id === driver.parentId);
    // A secondary driver whose primary was deleted is shown at the top level rather than lost.
    (parent ? parent.secondary : primaries).push(driver);
  }

  return {
    title: text(doc.getMap('meta'), 'title'),
    aim: { what: text(aimMap, 'what'), howMuch: text(aimMap, 'howMuch'), byWhen: text(aimMap, 'byWhen'), forWhom: text(aimMap, 'forWhom') },
    drivers: primaries,
    ideas,
    measures: sortedEntries(doc.getMap('measures')).map(([id, measure]) => ({
      id,
      name: text(measure, 'name'),
      kind: (MEASURE_KINDS as readonly string[]).includes(text(measure, 'kind')) ? (text(measure, 'kind') as MeasureKind) : 'process',
      definition: text(measure, 'definition'),
      goal: text(measure, 'goal'),
    })),
  };
}

// ---- writing (seed content and new packages) ----------------------------------------------

export interface ChangePackageContent {
  title: string;
  aim?: Partial<AimProjection>;
  drivers?: { key: string; title: string; secondary?: { key: string; title: string }[] }[];
  measures?: { key: string; name: string; kind: MeasureKind; definition: string; goal: string }[];
  ideas?: { title: string; driverKeys: string[]; paragraphs: string[]; evidence?: { label: string; url: string }[]; measureKeys?: string[] }[];
}

function paragraphsFragment(paragraphs: string[]): Y.XmlFragment {
  const fragment = new Y.XmlFragment();
  fragment.insert(
    0,
    paragraphs.map((paragraph) => {
      const element = new Y.XmlElement('paragraph');
      element.insert(0, [new Y.XmlText(paragraph)]);
      return element;
    }),
  );
  return fragment;
}

function newMap(entries: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(entries)) map.set(key, value);
  return map;
}

/** Writes a package's content into an empty document in one transaction. */
export function writeChangePackage(doc: Y.Doc, content: ChangePackageContent): void {
  doc.transact(() => {
    doc.getMap('meta').set('title', content.title);
    const aim = doc.getMap('aim');
    for (const field of AIM_FIELDS) aim.set(field, content.aim?.[field] ?? '');

    const ids = new Map<string, string>();
    const drivers = doc.getMap('drivers');
    (content.drivers ?? []).forEach((primary, index) => {
      const primaryId = randomUUID();
      ids.set(primary.key, primaryId);
      drivers.set(primaryId, newMap({ title: primary.title, level: 'primary', parentId: null, order: index }));
      (primary.secondary ?? []).forEach((secondary, secondaryIndex) => {
        const secondaryId = randomUUID();
        ids.set(secondary.key, secondaryId);
        drivers.set(secondaryId, newMap({ title: secondary.title, level: 'secondary', parentId: primaryId, order: secondaryIndex }));
      });
    });

    const measures = doc.getMap('measures');
    (content.measures ?? []).forEach((measure, index) => {
      const id = randomUUID();
      ids.set(measure.key, id);
      measures.set(id, newMap({ name: measure.name, kind: measure.kind, definition: measure.definition, goal: measure.goal, order: index }));
    });

    const ideas = doc.getMap('ideas');
    (content.ideas ?? []).forEach((idea, index) => {
      const driverIds = Y.Array.from(idea.driverKeys.map((key) => ids.get(key)).filter((id): id is string => Boolean(id)));
      const measureIds = Y.Array.from((idea.measureKeys ?? []).map((key) => ids.get(key)).filter((id): id is string => Boolean(id)));
      const evidence = Y.Array.from((idea.evidence ?? []).map((item) => newMap({ label: item.label, url: item.url })));
      ideas.set(
        randomUUID(),
        newMap({ title: idea.title, driverIds, description: paragraphsFragment(idea.paragraphs), evidence, measureIds, order: index }),
      );
    });
  });
}
