import * as Y from 'yjs';

/**
 * Typed reads and writes of a change package's Yjs document. The shape is the server's
 * (server/src/change-packages/change-package.document.ts), which projects exactly this:
 *
 *   meta      Y.Map   { title }
 *   aim       Y.Map   { what, howMuch, byWhen, forWhom }
 *   drivers   Y.Map   id → Y.Map { title, level, parentId, order }
 *   ideas     Y.Map   id → Y.Map { title, driverIds: Y.Array, description: Y.XmlFragment,
 *                                  evidence: Y.Array<Y.Map{label,url}>, measureIds: Y.Array, order, source? }
 *   measures  Y.Map   id → Y.Map { name, kind, definition, goal, order }
 *
 * Every local write goes through `LOCAL_ORIGIN`, so that the undo manager tracks it (and remote
 * changes, which arrive with the provider as origin, are never undone by someone else's Ctrl+Z).
 */

export const LOCAL_ORIGIN = Symbol('knotwork-local-edit');

export const AIM_FIELDS = ['what', 'howMuch', 'byWhen', 'forWhom'] as const;
export type AimField = (typeof AIM_FIELDS)[number];
export const AIM_LABELS: Record<AimField, string> = { what: 'What', howMuch: 'How much', byWhen: 'By when', forWhom: 'For whom' };

export const MEASURE_KINDS = ['outcome', 'process', 'balancing'] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export type Aim = Record<AimField, string>;

export interface DriverItem {
  id: string;
  title: string;
  level: 'primary' | 'secondary';
  parentId: string | null;
  order: number;
}

export interface Evidence {
  label: string;
  url: string;
}

export interface IdeaSource {
  packageId: string;
  ideaId: string;
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

/** A plain, immutable picture of the document, rebuilt after every change. */
export interface Snapshot {
  title: string;
  aim: Aim;
  primaries: DriverItem[];
  /** Secondary drivers, grouped under their primary in the primaries' order. */
  secondaries: DriverItem[];
  drivers: Map<string, DriverItem>;
  ideas: IdeaItem[];
  measures: MeasureItem[];
}

export const EMPTY_SNAPSHOT: Snapshot = {
  title: '',
  aim: { what: '', howMuch: '', byWhen: '', forWhom: '' },
  primaries: [],
  secondaries: [],
  drivers: new Map(),
  ideas: [],
  measures: [],
};

type YMap = Y.Map<unknown>;

const str = (map: YMap, key: string): string => {
  const value = map.get(key);
  return typeof value === 'string' ? value : value instanceof Y.Text ? value.toString() : '';
};
const num = (map: YMap, key: string): number => {
  const value = map.get(key);
  return typeof value === 'number' ? value : 0;
};
const strings = (value: unknown): string[] =>
  value instanceof Y.Array ? value.toArray().filter((v): v is string => typeof v === 'string') : [];

function entries(map: Y.Map<any>): [string, YMap][] { // eslint-disable-line @typescript-eslint/no-explicit-any
  return [...map.entries()].filter((entry): entry is [string, YMap] => entry[1] instanceof Y.Map);
}

const byOrder = <T extends { order: number; id: string }>(a: T, b: T) => a.order - b.order || a.id.localeCompare(b.id);

export function readSnapshot(doc: Y.Doc): Snapshot {
  const aimMap = doc.getMap<unknown>('aim');
  const aim = { what: str(aimMap, 'what'), howMuch: str(aimMap, 'howMuch'), byWhen: str(aimMap, 'byWhen'), forWhom: str(aimMap, 'forWhom') };

  const all: DriverItem[] = entries(doc.getMap('drivers')).map(([id, driver]) => ({
    id,
    title: str(driver, 'title'),
    level: driver.get('level') === 'secondary' ? 'secondary' : 'primary',
    parentId: typeof driver.get('parentId') === 'string' ? (driver.get('parentId') as string) : null,
    order: num(driver, 'order'),
  }));
  const drivers = new Map(all.map((driver) => [driver.id, driver]));
  const primaries = all.filter((d) => d.level === 'primary').sort(byOrder);
  const primaryIndex = new Map(primaries.map((p, index) => [p.id, index]));
  // Secondaries whose primary is gone (someone deleted it at the same moment) go last.
  const secondaries = all
    .filter((d) => d.level === 'secondary')
    .sort((a, b) => (primaryIndex.get(a.parentId ?? '') ?? 1e9) - (primaryIndex.get(b.parentId ?? '') ?? 1e9) || byOrder(a, b));

  const ideas: IdeaItem[] = entries(doc.getMap('ideas'))
    .map(([id, idea]) => {
      const evidence = idea.get('evidence');
      const source = idea.get('source');
      return {
        id,
        title: str(idea, 'title'),
        driverIds: strings(idea.get('driverIds')),
        evidence:
          evidence instanceof Y.Array
            ? evidence.toArray().flatMap((item) => (item instanceof Y.Map ? [{ label: str(item, 'label'), url: str(item, 'url') }] : []))
            : [],
        measureIds: strings(idea.get('measureIds')),
        order: num(idea, 'order'),
        source:
          source instanceof Y.Map
            ? { packageId: str(source, 'packageId'), ideaId: str(source, 'ideaId'), networkId: str(source, 'networkId'), title: str(source, 'title') }
            : null,
      };
    })
    .sort(byOrder);

  const measures: MeasureItem[] = entries(doc.getMap('measures'))
    .map(([id, measure]) => {
      const kind = measure.get('kind');
      return {
        id,
        name: str(measure, 'name'),
        kind: (MEASURE_KINDS as readonly unknown[]).includes(kind) ? (kind as MeasureKind) : 'outcome',
        definition: str(measure, 'definition'),
        goal: str(measure, 'goal'),
        order: num(measure, 'order'),
      };
    })
    .sort(byOrder);

  return { title: str(doc.getMap('meta'), 'title'), aim, primaries, secondaries, drivers, ideas, measures };
}

/** The next order number at the end of a list. */
const nextOrder = (items: { order: number }[]): number => (items.length ? Math.max(...items.map((i) => i.order)) + 1 : 0);

/** Writes to one change package's document. */
export class ChangePackageDoc {
  constructor(readonly doc: Y.Doc) {}

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
    this.doc.transact(fn, LOCAL_ORIGIN);
  }

  setAim(field: AimField, value: string): void {
    this.change(() => this.doc.getMap('aim').set(field, value));
  }

  addDriver(title: string, parentId: string | null): string {
    const id = crypto.randomUUID();
    const snapshot = readSnapshot(this.doc);
    const siblings = parentId ? snapshot.secondaries.filter((d) => d.parentId === parentId) : snapshot.primaries;
    this.change(() => {
      const driver = new Y.Map<unknown>();
      driver.set('title', title);
      driver.set('level', parentId ? 'secondary' : 'primary');
      driver.set('parentId', parentId);
      driver.set('order', nextOrder(siblings));
      this.drivers.set(id, driver);
    });
    return id;
  }

  renameDriver(id: string, title: string): void {
    this.change(() => this.drivers.get(id)?.set('title', title));
  }

  /** Moves a secondary driver under another primary (at the end of its list). */
  reparentDriver(id: string, parentId: string): void {
    const siblings = readSnapshot(this.doc).secondaries.filter((d) => d.parentId === parentId && d.id !== id);
    this.change(() => {
      const driver = this.drivers.get(id);
      if (!driver) return;
      driver.set('parentId', parentId);
      driver.set('order', nextOrder(siblings));
    });
  }

  /** Deletes a driver (and, for a primary, its secondaries) and unhooks the ideas that hung under them. */
  deleteDriver(id: string): void {
    const snapshot = readSnapshot(this.doc);
    const gone = new Set([id, ...snapshot.secondaries.filter((d) => d.parentId === id).map((d) => d.id)]);
    this.change(() => {
      for (const driverId of gone) this.drivers.delete(driverId);
      for (const [, idea] of entries(this.ideas)) {
        const driverIds = idea.get('driverIds');
        if (!(driverIds instanceof Y.Array)) continue;
        for (let index = driverIds.length - 1; index >= 0; index -= 1) {
          if (gone.has(driverIds.get(index) as string)) driverIds.delete(index, 1);
        }
      }
    });
  }

  addIdea(title: string, driverId: string | null): string {
    const id = crypto.randomUUID();
    const ideas = readSnapshot(this.doc).ideas;
    this.change(() => {
      const idea = new Y.Map<unknown>();
      idea.set('title', title);
      idea.set('driverIds', Y.Array.from(driverId ? [driverId] : []));
      idea.set('description', new Y.XmlFragment());
      idea.set('evidence', new Y.Array());
      idea.set('measureIds', new Y.Array());
      idea.set('order', nextOrder(ideas));
      this.ideas.set(id, idea);
    });
    return id;
  }

  renameIdea(id: string, title: string): void {
    this.change(() => this.ideas.get(id)?.set('title', title));
  }

  deleteIdea(id: string): void {
    this.change(() => this.ideas.delete(id));
  }

  /** The idea's description fragment, if it has one (every idea made here does). */
  descriptionOf(id: string): Y.XmlFragment | null {
    const existing = this.ideas.get(id)?.get('description');
    return existing instanceof Y.XmlFragment ? existing : null;
  }

  /** Gives an idea from an older document the description it lacks. */
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
    this.change(() => {
      const item = new Y.Map<unknown>();
      item.set('label', label);
      item.set('url', url);
      this.arrayOf(ideaId, 'evidence')?.push([item]);
    });
  }

  removeEvidence(ideaId: string, index: number): void {
    this.change(() => {
      const array = this.arrayOf(ideaId, 'evidence');
      if (array && index < array.length) array.delete(index, 1);
    });
  }

  addMeasure(name: string, kind: MeasureKind): string {
    const id = crypto.randomUUID();
    const measures = readSnapshot(this.doc).measures;
    this.change(() => {
      const measure = new Y.Map<unknown>();
      measure.set('name', name);
      measure.set('kind', kind);
      measure.set('definition', '');
      measure.set('goal', '');
      measure.set('order', nextOrder(measures));
      this.measures.set(id, measure);
    });
    return id;
  }

  setMeasure(id: string, key: 'name' | 'kind' | 'definition' | 'goal', value: string): void {
    this.change(() => this.measures.get(id)?.set(key, value));
  }

  /** Deletes a measure and takes it off every idea that pointed at it. */
  deleteMeasure(id: string): void {
    this.change(() => {
      this.measures.delete(id);
      for (const [ideaId] of entries(this.ideas)) this.toggleLink(ideaId, 'measureIds', id, false);
    });
  }

  /**
   * Swaps an item with its neighbour in `siblings` (already in display order). Renumbers the
   * whole list first, so that items that share an order number (from concurrent adds) still move.
   */
  move(kind: 'drivers' | 'ideas' | 'measures', siblings: { id: string }[], id: string, direction: -1 | 1): void {
    const index = siblings.findIndex((s) => s.id === id);
    const target = index + direction;
    if (index < 0 || target < 0 || target >= siblings.length) return;
    const ids = siblings.map((s) => s.id);
    [ids[index], ids[target]] = [ids[target], ids[index]];
    const map = this.doc.getMap<YMap>(kind);
    this.change(() => ids.forEach((siblingId, order) => map.get(siblingId)?.set('order', order)));
  }
}
