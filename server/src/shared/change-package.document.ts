import * as Y from 'yjs';
import { mergeTextEdit, replaceText } from './collab-text';

/**
 * The shape of a change package's Yjs document: the one definition that the server (projection,
 * seed, upgrades, renames, history), the web editor (as `$shared/change-package.document`) and
 * the tests use. Nothing here may import Node-only modules. One document per package:
 *
 *   meta      Y.Map   { title: Y.Text, schemaVersion: number, lastRestore?: RestoreNotice (a plain value) }
 *   aim       Y.Map   { what, howMuch, byWhen, forWhom: Y.Text }
 *   drivers   Y.Map   id → Y.Map { title: Y.Text, level: primary|secondary, parentId, order }
 *   ideas     Y.Map   id → Y.Map { title: Y.Text, driverIds: Y.Array<string>, description: Y.XmlFragment,
 *                                  evidence: Y.Array<Y.Map{ label: Y.Text, url: Y.Text }>,
 *                                  measureIds: Y.Array<string>, order, source?: Y.Map{ packageId, ideaId, networkId?, title } }
 *   measures  Y.Map   id → Y.Map { name, definition, goal: Y.Text, kind: outcome|process|balancing, order }
 *
 * Every free-text field is a Y.Text made together with its item, so that two people typing in
 * the same field merge their characters (a field first made by whoever types first would still
 * be last-writer-wins). Readers also accept a plain string there: schema 1 stored strings, and an
 * old client that is still open may write one. A change idea may hang under several drivers.
 * Descriptions are ProseMirror documents as y-prosemirror stores them (paragraph, heading,
 * bulletList, orderedList, listItem, blockquote, hardBreak; bold, italic and link marks).
 *
 * Schema versions (`meta.schemaVersion`): 1 (absent) kept free text as plain strings; 2 keeps it
 * as Y.Text. `upgradeChangePackage` brings an older document up to date.
 */
export const CHANGE_PACKAGE_SCHEMA_VERSION = 2;

/** The document's top-level maps. */
export const CHANGE_PACKAGE_SECTIONS = ['meta', 'aim', 'drivers', 'ideas', 'measures'] as const;

export const AIM_FIELDS = ['what', 'howMuch', 'byWhen', 'forWhom'] as const;
export type AimField = (typeof AIM_FIELDS)[number];
export const AIM_LABELS: Record<AimField, string> = { what: 'What', howMuch: 'How much', byWhen: 'By when', forWhom: 'For whom' };

export const MEASURE_KINDS = ['outcome', 'process', 'balancing'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];
export const MEASURE_TEXT_FIELDS = ['name', 'definition', 'goal'] as const;
export type MeasureTextField = (typeof MEASURE_TEXT_FIELDS)[number];

export type DriverLevel = 'primary' | 'secondary';
export type Aim = Record<AimField, string>;

/**
 * The last time someone restored a version (`meta.lastRestore`), so that everyone connected can
 * be told who brought back what, and where the content from just before is kept. One plain value,
 * replaced whole by the next restore. It belongs to its package's history: an adaptation (a copy
 * of the document, perhaps in a network others can read) never takes its source's.
 */
export interface RestoreNotice {
  byUserId: string;
  byName: string;
  /** When it was restored (ISO 8601). */
  at: string;
  /** The version brought back: its name (null for an automatic checkpoint) and when it was kept. */
  restoredName: string | null;
  restoredAt: string;
  /** The version that keeps what was there just before. */
  keptVersionId: string;
  keptName: string;
}

// ---- reading: one snapshot that the editor shows and the projection is built from -----------

export interface DriverItem {
  id: string;
  title: string;
  level: DriverLevel;
  parentId: string | null;
  order: number;
}

/**
 * A top-level branch of the driver tree: a primary driver with its secondaries, or a secondary
 * driver whose primary is gone (deleted while someone was adding under it). Such an orphan is
 * kept at the top level, after the primaries, still marked secondary, so that nothing is lost
 * and someone can move it under a primary.
 */
export interface DriverBranch {
  driver: DriverItem;
  secondaries: DriverItem[];
}

export interface Evidence {
  label: string;
  url: string;
  /** The url when it is a web or mail address, else null: only those may become links. */
  href: string | null;
}

export interface IdeaSource {
  packageId: string;
  ideaId: string;
  /** Present only when the source network is public. */
  networkId: string;
  title: string;
}

export interface IdeaItem {
  id: string;
  title: string;
  driverIds: string[];
  evidence: Evidence[];
  measureIds: string[];
  order: number;
  source: IdeaSource | null;
}

export interface MeasureItem {
  id: string;
  name: string;
  kind: MeasureKind;
  definition: string;
  goal: string;
  order: number;
}

/** A plain, immutable picture of a change package document. */
export interface ChangePackageSnapshot {
  schemaVersion: number;
  title: string;
  aim: Aim;
  /** The driver tree in reading order (see DriverBranch). */
  tree: DriverBranch[];
  /** Every driver by id, placed or not. */
  drivers: Map<string, DriverItem>;
  ideas: IdeaItem[];
  measures: MeasureItem[];
  lastRestore: RestoreNotice | null;
}

export const EMPTY_SNAPSHOT: ChangePackageSnapshot = {
  schemaVersion: CHANGE_PACKAGE_SCHEMA_VERSION,
  title: '',
  aim: { what: '', howMuch: '', byWhen: '', forWhom: '' },
  tree: [],
  drivers: new Map(),
  ideas: [],
  measures: [],
  lastRestore: null,
};

type YMap = Y.Map<unknown>;

/** A free-text field: a Y.Text, or a plain string left by schema 1 or an old client. */
export function readText(map: YMap, key: string): string {
  const value = map.get(key);
  return value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';
}

const readNumber = (map: YMap, key: string): number => {
  const value = map.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
};

const readStrings = (value: unknown): string[] => (value instanceof Y.Array ? value.toArray().filter((v): v is string => typeof v === 'string') : []);

/** The entries of a map whose values are maps (anything else is ignored as malformed). */
function mapEntries(map: { entries(): IterableIterator<[string, unknown]> }): [string, YMap][] {
  return [...map.entries()].filter((entry): entry is [string, YMap] => entry[1] instanceof Y.Map);
}

const byOrder = <T extends { order: number; id: string }>(a: T, b: T) => a.order - b.order || a.id.localeCompare(b.id);

/** The notice of the last restore, when it is well-formed (it comes from any client). */
function readRestoreNotice(value: unknown): RestoreNotice | null {
  if (typeof value !== 'object' || value === null) return null;
  const notice = value as Record<string, unknown>;
  const strings = ['byUserId', 'byName', 'at', 'restoredAt', 'keptVersionId', 'keptName'] as const;
  if (!strings.every((key) => typeof notice[key] === 'string')) return null;
  if (notice.restoredName !== null && typeof notice.restoredName !== 'string') return null;
  return Object.fromEntries([...strings, 'restoredName'].map((key) => [key, notice[key]])) as unknown as RestoreNotice;
}

/** Only web and mail links may become links: never javascript: or data: addresses. */
export function safeHref(href: unknown): string | null {
  if (typeof href !== 'string') return null;
  try {
    const url = new URL(href.trim());
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.toString() : null;
  } catch {
    return null;
  }
}

/**
 * A web address as people type it, made whole: "example.org/page" gets "https://" in front.
 * Null when it cannot be a web or mail link (no host with a dot in it, or another scheme, such
 * as javascript:).
 */
export function normaliseWebAddress(input: string): string | null {
  const typed = input.trim();
  if (!typed) return null;
  // "javascript:…" has no "//": it becomes "https://javascript:…", which is no address at all.
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed) || /^mailto:/i.test(typed);
  const candidate = hasScheme ? typed : `https://${typed.replace(/^\/+/, '')}`;
  const href = safeHref(candidate);
  if (!href) return null;
  const url = new URL(href);
  if (url.protocol === 'mailto:') return url.pathname.includes('@') ? href : null;
  return url.hostname.includes('.') || url.hostname === 'localhost' ? href : null;
}

function readDriver(id: string, driver: YMap): DriverItem {
  const parentId = driver.get('parentId');
  return {
    id,
    title: readText(driver, 'title'),
    level: driver.get('level') === 'secondary' ? 'secondary' : 'primary',
    parentId: typeof parentId === 'string' ? parentId : null,
    order: readNumber(driver, 'order'),
  };
}

function readIdea(id: string, idea: YMap): IdeaItem {
  const evidence = idea.get('evidence');
  const source = idea.get('source');
  return {
    id,
    title: readText(idea, 'title'),
    driverIds: readStrings(idea.get('driverIds')),
    evidence:
      evidence instanceof Y.Array
        ? evidence.toArray().flatMap((item) => {
            if (!(item instanceof Y.Map)) return [];
            const url = readText(item, 'url');
            return [{ label: readText(item, 'label'), url, href: safeHref(url) }];
          })
        : [],
    measureIds: readStrings(idea.get('measureIds')),
    order: readNumber(idea, 'order'),
    source:
      source instanceof Y.Map
        ? { packageId: readText(source, 'packageId'), ideaId: readText(source, 'ideaId'), networkId: readText(source, 'networkId'), title: readText(source, 'title') }
        : null,
  };
}

function readMeasure(id: string, measure: YMap): MeasureItem {
  const kind = measure.get('kind');
  return {
    id,
    name: readText(measure, 'name'),
    // An unknown kind reads as a process measure, the most common kind.
    kind: (MEASURE_KINDS as readonly unknown[]).includes(kind) ? (kind as MeasureKind) : 'process',
    definition: readText(measure, 'definition'),
    goal: readText(measure, 'goal'),
    order: readNumber(measure, 'order'),
  };
}

export function readSnapshot(doc: Y.Doc): ChangePackageSnapshot {
  const meta = doc.getMap<unknown>('meta');
  const aimMap = doc.getMap<unknown>('aim');
  const all = mapEntries(doc.getMap('drivers'))
    .map(([id, driver]) => readDriver(id, driver))
    .sort(byOrder);
  const drivers = new Map(all.map((driver) => [driver.id, driver]));
  const primaries = all.filter((driver) => driver.level === 'primary');
  const isPrimary = (id: string | null) => id !== null && drivers.get(id)?.level === 'primary';
  const tree: DriverBranch[] = [
    ...primaries.map((driver) => ({ driver, secondaries: all.filter((d) => d.level === 'secondary' && d.parentId === driver.id) })),
    ...all.filter((d) => d.level === 'secondary' && !isPrimary(d.parentId)).map((driver) => ({ driver, secondaries: [] })),
  ];
  const version = meta.get('schemaVersion');
  return {
    schemaVersion: typeof version === 'number' ? version : 1,
    title: readText(meta, 'title'),
    aim: Object.fromEntries(AIM_FIELDS.map((field) => [field, readText(aimMap, field)])) as Aim,
    tree,
    drivers,
    ideas: mapEntries(doc.getMap('ideas'))
      .map(([id, idea]) => readIdea(id, idea))
      .sort(byOrder),
    measures: mapEntries(doc.getMap('measures'))
      .map(([id, measure]) => readMeasure(id, measure))
      .sort(byOrder),
    lastRestore: readRestoreNotice(meta.get('lastRestore')),
  };
}

/** The primary drivers and their secondaries, flattened in reading order (orphans last). */
export const driversInOrder = (snapshot: ChangePackageSnapshot): DriverItem[] => snapshot.tree.flatMap((branch) => [branch.driver, ...branch.secondaries]);

// ---- the JSON projection: for API users, search, history and exports -----------------------

export interface DriverProjection {
  id: string;
  title: string;
  level: DriverLevel;
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
  aim: Aim;
  drivers: DriverProjection[];
  ideas: IdeaProjection[];
  measures: MeasureProjection[];
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

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

/**
 * Descriptions are rendered this many levels deep at most. The server refuses content nested
 * deeper than its limit (server/src/collab/nesting.ts); this keeps a document stored before that
 * limit from overflowing the stack of whoever reads it.
 */
const MAX_RENDERED_DEPTH = 48;

function nodeToHtml(node: Y.XmlElement | Y.XmlText, depth = 0): string {
  if (node instanceof Y.XmlText) return xmlTextToHtml(node);
  if (depth >= MAX_RENDERED_DEPTH) return '';
  const inner = node
    .toArray()
    .map((child) => nodeToHtml(child as Y.XmlElement | Y.XmlText, depth + 1))
    .join('');
  if (node.nodeName === 'hardBreak') return '<br>';
  if (node.nodeName === 'heading') {
    const level = Math.min(6, Math.max(1, Number(node.getAttribute('level')) || 2));
    return `<h${level}>${inner}</h${level}>`;
  }
  const tag = BLOCK_TAGS[node.nodeName];
  return tag ? `<${tag}>${inner}</${tag}>` : inner;
}

function nodeToText(node: Y.XmlElement | Y.XmlText, depth = 0): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as { insert: unknown }[]).map(({ insert }) => (typeof insert === 'string' ? insert : '')).join('');
  }
  if (node.nodeName === 'hardBreak') return '\n';
  if (depth >= MAX_RENDERED_DEPTH) return '';
  const inner = node.toArray().map((child) => nodeToText(child as Y.XmlElement | Y.XmlText, depth + 1));
  const isBlock = node.nodeName in BLOCK_TAGS || node.nodeName === 'heading';
  const joined = inner.join(node.nodeName === 'bulletList' || node.nodeName === 'orderedList' ? '\n' : '');
  return isBlock ? joined + (node.nodeName === 'listItem' ? '' : '\n') : joined;
}

/** A description as safe HTML and as plain text (for search and exports). */
export function describeFragment(fragment: unknown): { html: string; text: string } {
  if (!(fragment instanceof Y.XmlFragment)) return { html: '', text: '' };
  const nodes = fragment.toArray() as (Y.XmlElement | Y.XmlText)[];
  return {
    html: nodes.map((node) => nodeToHtml(node)).join(''),
    text: nodes
      .map((node) => nodeToText(node))
      .join('')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  };
}

/** The JSON projection of a change package document, built from its snapshot. */
export function projectChangePackage(doc: Y.Doc): ChangePackageProjection {
  const snapshot = readSnapshot(doc);
  const ideaMaps = doc.getMap<unknown>('ideas');
  const ideasUnder = (driverId: string) => snapshot.ideas.filter((idea) => idea.driverIds.includes(driverId)).map((idea) => idea.id);
  const toDriver = (driver: DriverItem, secondaries: DriverItem[] = []): DriverProjection => ({
    id: driver.id,
    title: driver.title,
    level: driver.level,
    parentId: driver.parentId,
    ideaIds: ideasUnder(driver.id),
    secondary: secondaries.map((secondary) => toDriver(secondary)),
  });
  return {
    title: snapshot.title,
    aim: snapshot.aim,
    drivers: snapshot.tree.map(({ driver, secondaries }) => toDriver(driver, secondaries)),
    ideas: snapshot.ideas.map((idea) => {
      const description = describeFragment((ideaMaps.get(idea.id) as YMap).get('description'));
      return {
        id: idea.id,
        title: idea.title,
        driverIds: idea.driverIds,
        descriptionText: description.text,
        descriptionHtml: description.html,
        evidence: idea.evidence.map(({ label, href }) => ({ label, url: href ?? '' })),
        measureIds: idea.measureIds,
      };
    }),
    measures: snapshot.measures.map(({ id, name, kind, definition, goal }) => ({ id, name, kind, definition, goal })),
  };
}

// ---- making items: every free-text field is born a Y.Text -----------------------------------

const newId = (): string => globalThis.crypto.randomUUID();

function newMap(entries: Record<string, unknown>): YMap {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(entries)) map.set(key, value);
  return map;
}

const newDriver = (title: string, level: DriverLevel, parentId: string | null, order: number) =>
  newMap({ title: new Y.Text(title), level, parentId, order });

const newEvidence = (label: string, url: string) => newMap({ label: new Y.Text(label), url: new Y.Text(url) });

interface NewIdea {
  title: string;
  driverIds: string[];
  measureIds?: string[];
  order: number;
  description?: Y.XmlFragment;
  evidence?: { label: string; url: string }[];
}

function newIdea({ title, driverIds, measureIds = [], order, description = new Y.XmlFragment(), evidence = [] }: NewIdea): YMap {
  return newMap({
    title: new Y.Text(title),
    driverIds: Y.Array.from(driverIds),
    description,
    evidence: Y.Array.from(evidence.map((item) => newEvidence(item.label, item.url))),
    measureIds: Y.Array.from(measureIds),
    order,
  });
}

const newMeasure = (name: string, kind: MeasureKind, definition: string, goal: string, order: number) =>
  newMap({ name: new Y.Text(name), kind, definition: new Y.Text(definition), goal: new Y.Text(goal), order });

/** The next order number at the end of a list. */
const nextOrder = (items: { order: number }[]): number => (items.length ? Math.max(...items.map((i) => i.order)) + 1 : 0);

// ---- writing: every change to a document, for the editor and the server alike ---------------

export type OrderedSection = 'drivers' | 'ideas' | 'measures';

/**
 * Writes to one change package's document. Each method is one transaction with the writer's
 * origin (the web editor passes its own, so that its undo manager tracks only local edits).
 */
export class ChangePackageWriter {
  constructor(
    readonly doc: Y.Doc,
    /** Every change this writer makes carries it (an undo manager may track it). */
    readonly origin: unknown = null,
  ) {}

  get meta(): YMap {
    return this.doc.getMap('meta');
  }
  get aim(): YMap {
    return this.doc.getMap('aim');
  }
  get drivers(): Y.Map<YMap> {
    return this.doc.getMap('drivers');
  }
  get ideas(): Y.Map<YMap> {
    return this.doc.getMap('ideas');
  }
  get measures(): Y.Map<YMap> {
    return this.doc.getMap('measures');
  }

  private change(fn: () => void): void {
    this.doc.transact(fn, this.origin);
  }

  /**
   * The Y.Text of a free-text field. A plain string found there (schema 1, or an old client) is
   * turned into a Y.Text first: that one write is last-writer-wins, every later one merges.
   */
  textOf(map: YMap, key: string): Y.Text {
    const existing = map.get(key);
    if (existing instanceof Y.Text) return existing;
    const text = new Y.Text(typeof existing === 'string' ? existing : '');
    this.change(() => map.set(key, text));
    return text;
  }

  /** Sets a free-text field with the smallest edit, so that concurrent typing merges. */
  setText(map: YMap, key: string, value: string): void {
    this.change(() => replaceText(this.textOf(map, key), value));
  }

  setTitle(title: string): void {
    this.setText(this.meta, 'title', title);
  }

  setAim(field: AimField, value: string): void {
    this.setText(this.aim, field, value);
  }

  /**
   * Says that a version was just restored (see RestoreNotice), in the restore's own change; or,
   * with null, takes away a notice that came with another package's content (an adaptation's copy).
   */
  setRestoreNotice(notice: RestoreNotice | null): void {
    this.change(() => {
      if (notice) this.meta.set('lastRestore', { ...notice });
      else if (this.meta.has('lastRestore')) this.meta.delete('lastRestore');
    });
  }

  addDriver(title: string, parentId: string | null): string {
    const id = newId();
    const { tree } = readSnapshot(this.doc);
    const siblings = parentId
      ? (tree.find((branch) => branch.driver.id === parentId)?.secondaries ?? [])
      : tree.filter((branch) => branch.driver.level === 'primary').map((branch) => branch.driver);
    this.change(() => this.drivers.set(id, newDriver(title, parentId ? 'secondary' : 'primary', parentId, nextOrder(siblings))));
    return id;
  }

  renameDriver(id: string, title: string): void {
    const driver = this.drivers.get(id);
    if (driver) this.setText(driver, 'title', title);
  }

  /** Moves a secondary driver under a primary (at the end of its list). */
  reparentDriver(id: string, parentId: string): void {
    const siblings = readSnapshot(this.doc).tree.find((branch) => branch.driver.id === parentId)?.secondaries.filter((d) => d.id !== id) ?? [];
    this.change(() => {
      const driver = this.drivers.get(id);
      if (!driver) return;
      driver.set('parentId', parentId);
      driver.set('order', nextOrder(siblings));
    });
  }

  /** Deletes a driver (and, for a primary, its secondaries) and unhooks the ideas that hung under them. */
  deleteDriver(id: string): void {
    const branch = readSnapshot(this.doc).tree.find((b) => b.driver.id === id);
    const gone = new Set([id, ...(branch?.secondaries.map((d) => d.id) ?? [])]);
    this.change(() => {
      for (const driverId of gone) this.drivers.delete(driverId);
      for (const [, idea] of mapEntries(this.ideas)) {
        const driverIds = idea.get('driverIds');
        if (!(driverIds instanceof Y.Array)) continue;
        for (let index = driverIds.length - 1; index >= 0; index -= 1) {
          if (gone.has(driverIds.get(index) as string)) driverIds.delete(index, 1);
        }
      }
    });
  }

  addIdea(title: string, driverId: string | null): string {
    const id = newId();
    const order = nextOrder(readSnapshot(this.doc).ideas);
    this.change(() => this.ideas.set(id, newIdea({ title, driverIds: driverId ? [driverId] : [], order })));
    return id;
  }

  renameIdea(id: string, title: string): void {
    const idea = this.ideas.get(id);
    if (idea) this.setText(idea, 'title', title);
  }

  deleteIdea(id: string): void {
    this.change(() => this.ideas.delete(id));
  }

  /** The idea's description, if it has one (every idea made under schema 2 does). */
  descriptionOf(id: string): Y.XmlFragment | null {
    const existing = this.ideas.get(id)?.get('description');
    return existing instanceof Y.XmlFragment ? existing : null;
  }

  /** Gives an idea written by an old client the description it lacks. */
  ensureDescription(id: string): void {
    const idea = this.ideas.get(id);
    if (!idea || idea.get('description') instanceof Y.XmlFragment) return;
    this.change(() => idea.set('description', new Y.XmlFragment()));
  }

  private arrayOf(id: string, key: 'driverIds' | 'measureIds' | 'evidence'): Y.Array<unknown> | null {
    const idea = this.ideas.get(id);
    if (!idea) return null;
    const existing = idea.get(key);
    if (existing instanceof Y.Array) return existing;
    const array = new Y.Array<unknown>();
    idea.set(key, array);
    return array;
  }

  /** Adds or removes one id in an idea's driverIds or measureIds. */
  toggleLink(ideaId: string, key: 'driverIds' | 'measureIds', linkedId: string, on: boolean): void {
    this.change(() => {
      const array = this.arrayOf(ideaId, key);
      if (!array) return;
      const items = array.toArray();
      if (on && !items.includes(linkedId)) array.push([linkedId]);
      if (!on) for (let index = items.length - 1; index >= 0; index -= 1) if (items[index] === linkedId) array.delete(index, 1);
    });
  }

  addEvidence(ideaId: string, label: string, url: string): void {
    this.change(() => this.arrayOf(ideaId, 'evidence')?.push([newEvidence(label, url)]));
  }

  /** The evidence item at `index` as it is now (an editor holds on to it while someone edits it). */
  evidenceItem(ideaId: string, index: number): YMap | null {
    const evidence = this.ideas.get(ideaId)?.get('evidence');
    const item = evidence instanceof Y.Array ? evidence.get(index) : null;
    return item instanceof Y.Map ? item : null;
  }

  /** Where an evidence item is in its idea's list now (others may add or remove items), or -1 once it is gone. */
  evidenceIndex(ideaId: string, item: YMap): number {
    const evidence = this.ideas.get(ideaId)?.get('evidence');
    return evidence instanceof Y.Array ? evidence.toArray().indexOf(item) : -1;
  }

  /** The evidence item at `index`, if it is still the one the person saw (`expected`). */
  private evidenceAt(ideaId: string, index: number, expected: { label: string; url: string }): YMap | null {
    const item = this.evidenceItem(ideaId, index);
    if (!item) return null;
    return readText(item, 'label') === expected.label && readText(item, 'url') === expected.url ? item : null;
  }

  /**
   * Saves one person's edit of an evidence item, made in a form that started from `before`.
   * What others changed in its label meanwhile is kept where this edit did not touch it; an
   * address is one thing, kept as they left it unless this person changed it too. If someone
   * removed the item meanwhile, it comes back with this person's words ("added back"). Nothing
   * when the idea itself is gone.
   */
  editEvidence(ideaId: string, item: YMap, before: { label: string; url: string }, next: { label: string; url: string }): 'edited' | 'added back' | 'gone' {
    if (!this.ideas.get(ideaId)) return 'gone';
    if (this.evidenceIndex(ideaId, item) < 0) {
      this.addEvidence(ideaId, next.label, next.url);
      return 'added back';
    }
    this.change(() => {
      mergeTextEdit(this.textOf(item, 'label'), before.label, next.label);
      if (next.url !== before.url) replaceText(this.textOf(item, 'url'), next.url);
    });
    return 'edited';
  }

  /** Removes an evidence item; nothing when someone removed or changed it meanwhile. */
  removeEvidence(ideaId: string, index: number, expected: { label: string; url: string }): void {
    this.change(() => {
      if (this.evidenceAt(ideaId, index, expected)) this.arrayOf(ideaId, 'evidence')?.delete(index, 1);
    });
  }

  addMeasure(name: string, kind: MeasureKind): string {
    const id = newId();
    const order = nextOrder(readSnapshot(this.doc).measures);
    this.change(() => this.measures.set(id, newMeasure(name, kind, '', '', order)));
    return id;
  }

  setMeasureText(id: string, field: MeasureTextField, value: string): void {
    const measure = this.measures.get(id);
    if (measure) this.setText(measure, field, value);
  }

  setMeasureKind(id: string, kind: MeasureKind): void {
    this.change(() => this.measures.get(id)?.set('kind', kind));
  }

  /** Deletes a measure and takes it off every idea that pointed at it. */
  deleteMeasure(id: string): void {
    this.change(() => {
      this.measures.delete(id);
      for (const [ideaId] of mapEntries(this.ideas)) this.toggleLink(ideaId, 'measureIds', id, false);
    });
  }

  /**
   * Swaps an item with its neighbour in `siblings` (already in display order). Renumbers the
   * whole list first, so that items that share an order number (from concurrent adds) still move.
   */
  move(section: OrderedSection, siblings: { id: string }[], id: string, direction: -1 | 1): void {
    const index = siblings.findIndex((s) => s.id === id);
    const target = index + direction;
    if (index < 0 || target < 0 || target >= siblings.length) return;
    const ids = siblings.map((s) => s.id);
    [ids[index], ids[target]] = [ids[target], ids[index]];
    const map = this.doc.getMap<YMap>(section);
    this.change(() => ids.forEach((siblingId, order) => map.get(siblingId)?.set('order', order)));
  }
}

// ---- a whole package at once: new packages and the demo -------------------------------------

export interface ChangePackageContent {
  title: string;
  aim?: Partial<Aim>;
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

/** Writes a package's content into an empty document in one transaction, at the current schema. */
export function writeChangePackage(doc: Y.Doc, content: ChangePackageContent): void {
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('title', new Y.Text(content.title));
    meta.set('schemaVersion', CHANGE_PACKAGE_SCHEMA_VERSION);
    const aim = doc.getMap('aim');
    for (const field of AIM_FIELDS) aim.set(field, new Y.Text(content.aim?.[field] ?? ''));

    const ids = new Map<string, string>();
    const drivers = doc.getMap('drivers');
    (content.drivers ?? []).forEach((primary, index) => {
      const primaryId = newId();
      ids.set(primary.key, primaryId);
      drivers.set(primaryId, newDriver(primary.title, 'primary', null, index));
      (primary.secondary ?? []).forEach((secondary, secondaryIndex) => {
        const secondaryId = newId();
        ids.set(secondary.key, secondaryId);
        drivers.set(secondaryId, newDriver(secondary.title, 'secondary', primaryId, secondaryIndex));
      });
    });

    const measures = doc.getMap('measures');
    (content.measures ?? []).forEach((measure, index) => {
      const id = newId();
      ids.set(measure.key, id);
      measures.set(id, newMeasure(measure.name, measure.kind, measure.definition, measure.goal, index));
    });

    const resolve = (keys: string[]) => keys.map((key) => ids.get(key)).filter((id): id is string => Boolean(id));
    const ideas = doc.getMap('ideas');
    (content.ideas ?? []).forEach((idea, index) => {
      ideas.set(
        newId(),
        newIdea({
          title: idea.title,
          driverIds: resolve(idea.driverKeys),
          measureIds: resolve(idea.measureKeys ?? []),
          order: index,
          description: paragraphsFragment(idea.paragraphs),
          evidence: idea.evidence,
        }),
      );
    });
  });
}

// ---- upgrading older documents ---------------------------------------------------------------

/**
 * Brings a document written under an older schema up to the current one, in one transaction:
 * every free-text field that is a plain string (or missing) becomes a Y.Text holding the same
 * text, and an idea's lists and description exist. Changes nothing on a current document, and
 * nothing on an empty one (a new package's content is written whole by its creator). Returns
 * whether it changed anything.
 */
export function upgradeChangePackage(doc: Y.Doc): boolean {
  if (doc.store.clients.size === 0) return false;
  let changed = false;
  const ensureText = (map: YMap, key: string) => {
    const value = map.get(key);
    if (value instanceof Y.Text) return;
    map.set(key, new Y.Text(typeof value === 'string' ? value : ''));
    changed = true;
  };
  const ensureArray = (map: YMap, key: string) => {
    const value = map.get(key);
    if (value instanceof Y.Array) return;
    // A plain list of ids (written by hand, not by an editor) keeps its ids.
    map.set(key, Y.Array.from(Array.isArray(value) && key !== 'evidence' ? value.filter((id) => typeof id === 'string') : []));
    changed = true;
  };
  doc.transact(() => {
    const meta = doc.getMap<unknown>('meta');
    ensureText(meta, 'title');
    const aim = doc.getMap<unknown>('aim');
    for (const field of AIM_FIELDS) ensureText(aim, field);
    for (const [, driver] of mapEntries(doc.getMap('drivers'))) ensureText(driver, 'title');
    for (const [, idea] of mapEntries(doc.getMap('ideas'))) {
      ensureText(idea, 'title');
      ensureArray(idea, 'driverIds');
      ensureArray(idea, 'measureIds');
      ensureArray(idea, 'evidence');
      if (!(idea.get('description') instanceof Y.XmlFragment)) {
        idea.set('description', new Y.XmlFragment());
        changed = true;
      }
      for (const item of (idea.get('evidence') as Y.Array<unknown>).toArray()) {
        if (!(item instanceof Y.Map)) continue;
        ensureText(item, 'label');
        ensureText(item, 'url');
      }
    }
    for (const [, measure] of mapEntries(doc.getMap('measures'))) for (const field of MEASURE_TEXT_FIELDS) ensureText(measure, field);
    const version = meta.get('schemaVersion');
    // A newer server may have written a later version: never lower it.
    if (typeof version !== 'number' || version < CHANGE_PACKAGE_SCHEMA_VERSION) {
      meta.set('schemaVersion', CHANGE_PACKAGE_SCHEMA_VERSION);
      changed = true;
    }
  });
  return changed;
}
