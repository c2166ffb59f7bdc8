import { AppError, fieldError } from '../platform/app-error';
import { waitOf } from '../shared/words';

export const DiscussionErrors = {
  threadNotFound: () => new AppError('not-found', 'discussions.thread_not_found', 'There is no such discussion, or you cannot see it.'),
  postNotFound: () => new AppError('not-found', 'discussions.post_not_found', 'There is no such post, or you cannot see it.'),
  reportNotFound: () => new AppError('not-found', 'discussions.report_not_found', 'There is no such report, or you cannot see it.'),
  anonymousNotAllowed: () =>
    fieldError('forbidden', 'discussions.anonymous_not_allowed', 'anonymous', "anonymous is not allowed here: this network's admins have not turned on anonymous posting."),
  locked: () => new AppError('conflict', 'discussions.thread_locked', 'This discussion is locked: only coaches and admins can add to it.'),
  parentNotFound: () => fieldError('bad-request', 'discussions.parent_not_found', 'parentId', 'parentId does not name a post in this discussion.'),
  parentIsReply: () =>
    fieldError('bad-request', 'discussions.parent_is_reply', 'parentId', 'parentId names a reply: replies go one level deep, so reply to the post it answers.'),
  parentRemoved: () => fieldError('conflict', 'discussions.parent_removed', 'parentId', 'parentId names a post that was removed.'),
  subjectNotFound: (field: string) =>
    fieldError('bad-request', 'discussions.subject_not_found', field, `${field} does not name a change package, change idea, lesson or learning session of this network.`),
  lessonIsDraft: () =>
    fieldError('bad-request', 'discussions.subject_lesson_draft', 'subject.id', 'subject.id names a lesson that is still a draft: publish it before it can be discussed.'),
  subjectPackageMissing: () =>
    fieldError('bad-request', 'discussions.subject_package_missing', 'subject.packageId', 'subject.packageId is needed: name the change package the idea belongs to.'),
  authorOnly: () => new AppError('forbidden', 'discussions.author_only', 'Only the person who wrote this can change it.'),
  moderatorsOnly: (what: string) => new AppError('forbidden', 'discussions.moderators_only', `Only coaches and admins of this network can ${what}.`),
  moveTargetNotFound: () => fieldError('bad-request', 'discussions.move_target_not_found', 'networkId', 'networkId does not name a network you can see.'),
  moveTargetNotModerated: () =>
    fieldError('forbidden', 'discussions.move_target_not_moderated', 'networkId', 'networkId names a network where you are not a coach or admin.'),
  removed: () => new AppError('conflict', 'discussions.post_removed', 'This post was removed, so it can no longer be changed.'),
  hidden: () => new AppError('conflict', 'discussions.post_hidden', 'A moderator hid this post, so it cannot take reactions.'),
  notHidden: () => new AppError('conflict', 'discussions.post_not_hidden', 'This post is not hidden.'),
  alreadyReported: () => new AppError('conflict', 'discussions.already_reported', 'You have already reported this post; the moderators will look at it.'),
  tooManyMentions: (max: number) =>
    fieldError('bad-request', 'discussions.too_many_mentions', 'body', `body mentions more than ${max} people: mention the few who need to see it.`),
  ownPost: () => new AppError('forbidden', 'discussions.own_post', 'You cannot report your own post. You can edit or delete it instead.'),
  reportResolved: () => new AppError('conflict', 'discussions.report_resolved', 'This report has already been dealt with.'),
  notAnonymous: () => new AppError('conflict', 'discussions.not_anonymous', 'This post was not written anonymously: its author is already shown.'),
  onePlace: () =>
    new AppError('bad-request', 'discussions.one_place', 'Ask for one place in the discussion: after, before, around or from, not several.'),
  unknownReaction: () =>
    fieldError('bad-request', 'discussions.unknown_reaction', 'reaction', 'reaction must be one of: thumbs_up, heart, lightbulb, clap, eyes'),
  badCursor: () => fieldError('bad-request', 'discussions.bad_cursor', 'cursor', 'cursor is not one this list gave out.'),
  postsRateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'discussions.posts_rate_limited',
      `You have posted a lot in a short time. Please wait ${waitOf(retryAfterSeconds)} before posting again.`,
      retryAfterSeconds,
    ),
  editsRateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'discussions.edits_rate_limited',
      `You have edited a lot in a short time. Please wait ${waitOf(retryAfterSeconds)} before editing again.`,
      retryAfterSeconds,
    ),
  reactionsRateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'discussions.reactions_rate_limited',
      `You have reacted a lot in a short time. Please wait ${waitOf(retryAfterSeconds)} before reacting again.`,
      retryAfterSeconds,
    ),
  reportsRateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'discussions.reports_rate_limited',
      `You have reported many posts in the last hour. Please wait ${waitOf(retryAfterSeconds)} before reporting another, or tell an admin of this network.`,
      retryAfterSeconds,
    ),
  threadsRateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'too-many-requests',
      'discussions.threads_rate_limited',
      `You have started many discussions in the last hour. Please wait ${waitOf(retryAfterSeconds)} before starting another.`,
      retryAfterSeconds,
    ),
};
