/**
 * A post's source marks a mention as `@[Name](user id)`: the server renders it as a link and
 * notifies that person (post-renderer.ts). People should not have to read or keep ids intact
 * while writing, so the composer shows `@Name` and turns it back into the token when the text is
 * sent. A mention the writer edits into something else (`@Nam`, `@Name2`) is plain text again,
 * which is what they see.
 */
export interface MentionedPerson {
  name: string;
  userId: string;
}

const MENTION_TOKEN = /@\[([^\]\n]{1,120})\]\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)/gi;

/** A person's name as it is written after the @ while editing. */
export function mentionLabel(name: string): string {
  return `@${name}`;
}

/**
 * The text to show for editing a source, and the people it mentions (added to `known`, so that
 * a name picked earlier keeps its id). A later person of the same name replaces an earlier one.
 */
export function mentionsForEditing(source: string, known: readonly MentionedPerson[] = []): { text: string; people: MentionedPerson[] } {
  const people = [...known];
  const text = source.replace(MENTION_TOKEN, (_token, name: string, userId: string) => {
    remember(people, { name, userId });
    return mentionLabel(name);
  });
  return { text, people };
}

/** Adds (or replaces, by name) a person the text mentions. */
export function remember(people: MentionedPerson[], person: MentionedPerson): void {
  const index = people.findIndex((known) => known.name === person.name);
  if (index >= 0) people.splice(index, 1);
  people.push(person);
}

/**
 * The source to send for what the person wrote: each `@Name` of someone picked (or already
 * mentioned) becomes `@[Name](id)`, when the name ends there (not `@Ada` inside `@Adam`).
 */
export function mentionsForSending(text: string, people: readonly MentionedPerson[]): string {
  if (people.length === 0) return text;
  const byName = new Map(people.map((person) => [person.name, person.userId]));
  // Longest names first, so that "Ada Lovelace" wins over "Ada" where both are known.
  const names = [...byName.keys()].sort((a, b) => b.length - a.length).map(escapeForPattern);
  const pattern = new RegExp(`@(${names.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
  return text.replace(pattern, (_label, name: string) => `@[${mentionTokenLabel(name)}](${byName.get(name)})`);
}

/**
 * A name as a token's label: without brackets or line breaks (a name like `X](<id>)` must not
 * close the token early and mention someone else) and no longer than a token allows. The server
 * shows the member's own name whatever the label says; the label is for people reading the source.
 */
export function mentionTokenLabel(name: string): string {
  const label = name.replace(/[[\]\r\n]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
  return label || 'someone';
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
