import { AIM_FIELDS, type AimField, type ChangePackageProjection, type DriverProjection } from '../shared/change-package.document';

/**
 * What changed between two states of a change package, in words a person can read: used for
 * "who changed what" between versions, and for what an adaptation changed compared with its source.
 */
export interface ItemChange {
  id: string;
  title: string;
  /** For a changed item: which of its parts changed. */
  parts?: string[];
  /** For a renamed item: its earlier title. */
  before?: string;
}

export interface ContentDiff {
  title: { before: string; after: string } | null;
  aim: { field: AimField; before: string; after: string }[];
  drivers: { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] };
  ideas: { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] };
  measures: { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] };
  /** True when nothing differs. */
  same: boolean;
}

function flattenDrivers(drivers: DriverProjection[]): DriverProjection[] {
  return drivers.flatMap((driver) => [driver, ...flattenDrivers(driver.secondary)]);
}

function compareItems<T extends { id: string }>(
  before: T[],
  after: T[],
  titleOf: (item: T) => string,
  parts: Record<string, (item: T) => unknown>,
): { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] } {
  const beforeById = new Map(before.map((item) => [item.id, item]));
  const afterIds = new Set(after.map((item) => item.id));
  const added: ItemChange[] = [];
  const changed: ItemChange[] = [];
  for (const item of after) {
    const earlier = beforeById.get(item.id);
    if (!earlier) {
      added.push({ id: item.id, title: titleOf(item) });
      continue;
    }
    const changedParts = Object.entries(parts)
      .filter(([, read]) => JSON.stringify(read(earlier)) !== JSON.stringify(read(item)))
      .map(([name]) => name);
    if (changedParts.length > 0) {
      const renamed = titleOf(earlier) !== titleOf(item);
      changed.push({ id: item.id, title: titleOf(item), parts: changedParts, ...(renamed && { before: titleOf(earlier) }) });
    }
  }
  const removed = before.filter((item) => !afterIds.has(item.id)).map((item) => ({ id: item.id, title: titleOf(item) }));
  return { added, removed, changed };
}

export function diffContent(before: ChangePackageProjection, after: ChangePackageProjection): ContentDiff {
  const aim = AIM_FIELDS
    .filter((field) => before.aim[field] !== after.aim[field])
    .map((field) => ({ field, before: before.aim[field], after: after.aim[field] }));
  const drivers = compareItems(flattenDrivers(before.drivers), flattenDrivers(after.drivers), (d) => d.title, {
    title: (d) => d.title,
    place: (d) => [d.level, d.parentId],
  });
  const ideas = compareItems(before.ideas, after.ideas, (i) => i.title, {
    title: (i) => i.title,
    description: (i) => i.descriptionHtml,
    drivers: (i) => [...i.driverIds].sort(),
    evidence: (i) => i.evidence,
    measures: (i) => [...i.measureIds].sort(),
  });
  const measures = compareItems(before.measures, after.measures, (m) => m.name, {
    name: (m) => m.name,
    kind: (m) => m.kind,
    definition: (m) => m.definition,
    goal: (m) => m.goal,
  });
  const title = before.title !== after.title ? { before: before.title, after: after.title } : null;
  const lists = [drivers, ideas, measures];
  const same = !title && aim.length === 0 && lists.every((list) => list.added.length + list.removed.length + list.changed.length === 0);
  return { title, aim, drivers, ideas, measures, same };
}
