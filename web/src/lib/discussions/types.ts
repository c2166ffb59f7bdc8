import type { components } from '$lib/api/schema';

type Schemas = components['schemas'];

/**
 * The shapes of discussions, as the server's OpenAPI document describes them (generated into
 * $lib/api/schema): a field the server renames or drops fails the type check here, not a page.
 */
export type PostView = Schemas['PostDto'];
export type ThreadView = Schemas['ThreadDto'];
export type Author = PostView['author'];
export type Reaction = Schemas['ReactionCountDto']['reaction'];
export type Subject = Schemas['SubjectDto'];
export type SubjectType = Subject['type'];

/** "the change idea", "the change package" or "the lesson", as a thread names what it is about. */
export function subjectKind(type: SubjectType): string {
  if (type === 'learning_session') return 'the learning session';
  return type === 'lesson' ? 'the lesson' : type === 'change_idea' ? 'the change idea' : 'the change package';
}
export type NotificationLevel = ThreadView['notificationLevel'];
export type ThreadPage = Schemas['ThreadPageDto'];
export type PostPage = Schemas['PostPageDto'];
export type Revision = Schemas['RevisionDto'];
export type Mentionable = Schemas['PersonDto'];
export type Report = Schemas['ReportDto'];
export type DiscussionCounts = Schemas['DiscussionCountsDto'];
export type NewThread = Schemas['CreateThreadBody'];
export type ThreadSort = 'activity' | 'newest';

/** The fixed set of reactions, in the order the page offers them. */
export const REACTIONS = ['thumbs_up', 'heart', 'lightbulb', 'clap', 'eyes'] as const satisfies readonly Reaction[];

/** What the page shows as the writer of a thread or post. */
export function authorLabel(author: Author): string {
  return author.kind === 'user' ? author.name : author.label;
}

export const REACTION_LABELS: Record<Reaction, { emoji: string; name: string }> = {
  thumbs_up: { emoji: '👍', name: 'Thumbs up' },
  heart: { emoji: '❤️', name: 'Heart' },
  lightbulb: { emoji: '💡', name: 'Good idea' },
  clap: { emoji: '👏', name: 'Well done' },
  eyes: { emoji: '👀', name: 'Looking into it' },
};
