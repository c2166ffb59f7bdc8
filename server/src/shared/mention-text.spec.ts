import { mentionTokenLabel, mentionsForEditing, mentionsForSending, remember, type MentionedPerson } from './mention-text';

const ada = { name: 'Ada Lovelace', userId: '0b7a1f52-3c4d-4e5f-8a9b-0c1d2e3f4a5b' };
const adam = { name: 'Adam', userId: '1c8b2a63-4d5e-4f60-9bac-1d2e3f4a5b6c' };
const sam = { name: 'Sam (coach)', userId: '2d9c3b74-5e6f-4071-8cbd-2e3f4a5b6c7d' };

describe('mentionsForEditing', () => {
  it('shows each token as @Name and remembers who it was', () => {
    const { text, people } = mentionsForEditing(`Thanks @[${ada.name}](${ada.userId}) and @[Adam](${adam.userId})!`);
    expect(text).toBe('Thanks @Ada Lovelace and @Adam!');
    expect(people).toEqual([ada, adam]);
  });

  it('leaves text without tokens, and what only looks like one, as it is', () => {
    expect(mentionsForEditing('Mail me @ work; see [Ada](https://example.org)').text).toBe('Mail me @ work; see [Ada](https://example.org)');
    expect(mentionsForEditing('@[Ada](not-an-id)').text).toBe('@[Ada](not-an-id)');
  });

  it('keeps the people it already knew', () => {
    expect(mentionsForEditing('plain', [sam]).people).toEqual([sam]);
  });
});

describe('mentionsForSending', () => {
  it('turns back what mentionsForEditing showed into the same source', () => {
    const source = `> @[${ada.name}](${ada.userId}) wrote:\n\n@[${sam.name}](${sam.userId}), can you?`;
    const { text, people } = mentionsForEditing(source);
    expect(mentionsForSending(text, people)).toBe(source);
  });

  it('marks a name only where it ends, and the longest known name first', () => {
    const people = [{ name: 'Ada', userId: adam.userId }, ada];
    expect(mentionsForSending('@Ada Lovelace, @Ada, @Adalind', people)).toBe(`@[Ada Lovelace](${ada.userId}), @[Ada](${adam.userId}), @Adalind`);
  });

  it('leaves an edited mention as plain text, and names with pattern characters work', () => {
    expect(mentionsForSending('@Ada Lovelac said', [ada])).toBe('@Ada Lovelac said');
    expect(mentionsForSending('Ask @Sam (coach).', [sam])).toBe(`Ask @[Sam (coach)](${sam.userId}).`);
  });

  it('never lets a name close the token early and mention someone else', () => {
    const mallory = { name: `X](${ada.userId})`, userId: adam.userId };
    const source = mentionsForSending(`hi @${mallory.name}`, [mallory]);
    // Without brackets the label cannot end the token: the one id in it is Mallory's.
    expect(source).toBe(`hi @[X (${ada.userId})](${adam.userId})`);
    expect(mentionTokenLabel('Bo]b\nSmith')).toBe('Bo b Smith');
    expect(mentionTokenLabel('[]')).toBe('someone');
  });

  it('changes nothing when nobody was mentioned', () => {
    expect(mentionsForSending('Hello @everyone', [])).toBe('Hello @everyone');
  });
});

describe('remember', () => {
  it('keeps one person per name, the latest picked', () => {
    const people: MentionedPerson[] = [ada];
    remember(people, { name: ada.name, userId: adam.userId });
    expect(people).toEqual([{ name: ada.name, userId: adam.userId }]);
  });
});
