import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentCaller } from '../common/decorators';
import type { Caller } from '../common/request-context';
import { UuidParam } from '../common/uuid-param';
import { CurrentNetwork, RequiresNetwork } from '../networks/network-access.guard';
import type { NetworkAccess } from '../networks/network-access.policy';
import { LevelDto, SetLevelBody } from '../notifications/notifications.dto';
import { REACTIONS, type Reaction } from './discussion.rules';
import {
  CreatePostBody,
  CreateThreadBody,
  CreatedThreadDto,
  DiscussionCountsDto,
  ListPostsQuery,
  ListThreadsQuery,
  MarkThreadReadBody,
  MentionableQuery,
  PersonListDto,
  PostDto,
  PostPageDto,
  RevisionListDto,
  ThreadDto,
  ThreadPageDto,
  UpdatePostBody,
  UpdateThreadBody,
} from './discussions.dto';
import { DiscussionErrors } from './discussions.errors';
import { DiscussionsService } from './discussions.service';

/** A reaction in the path must be one of the fixed set. */
function reactionOf(value: string): Reaction {
  if (!(REACTIONS as readonly string[]).includes(value)) throw DiscussionErrors.unknownReaction();
  return value as Reaction;
}

@ApiTags('discussions')
@Controller()
export class DiscussionsController {
  constructor(private readonly discussions: DiscussionsService) {}

  @Post('networks/:networkId/threads')
  @RequiresNetwork('contribute')
  @ApiOperation({ summary: 'Start a discussion; its body is the first post' })
  @ApiCreatedResponse({ type: CreatedThreadDto })
  create(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess, @Body() body: CreateThreadBody): Promise<CreatedThreadDto> {
    return this.discussions.createThread(caller, access, body);
  }

  @Get('networks/:networkId/threads')
  @RequiresNetwork('read')
  @ApiOperation({ summary: "A network's discussions, a page at a time" })
  @ApiOkResponse({ type: ThreadPageDto })
  list(@CurrentCaller() caller: Caller, @CurrentNetwork() access: NetworkAccess, @Query() query: ListThreadsQuery): Promise<ThreadPageDto> {
    return this.discussions.listThreads(caller, access, query);
  }

  @Get('networks/:networkId/mentionable')
  @RequiresNetwork('read')
  @ApiOperation({ summary: 'Members one can mention, for autocomplete' })
  @ApiOkResponse({ type: PersonListDto })
  mentionable(@CurrentNetwork() access: NetworkAccess, @Query() query: MentionableQuery): Promise<PersonListDto> {
    return this.discussions.mentionable(access, query.q);
  }

  @Get('threads/:threadId')
  @ApiOperation({ summary: 'One discussion' })
  @ApiOkResponse({ type: ThreadDto })
  get(@CurrentCaller() caller: Caller, @UuidParam('threadId') threadId: string): Promise<ThreadDto> {
    return this.discussions.getThread(caller, threadId);
  }

  @Patch('threads/:threadId')
  @ApiOperation({ summary: 'Change the title or tags (author or moderator); pin, lock or move (moderators)' })
  @ApiOkResponse({ type: ThreadDto })
  update(@CurrentCaller() caller: Caller, @UuidParam('threadId') threadId: string, @Body() body: UpdateThreadBody): Promise<ThreadDto> {
    return this.discussions.updateThread(caller, threadId, body);
  }

  @Post('threads/:threadId/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark the discussion read up to a post (never backwards)' })
  @ApiOkResponse({ type: ThreadDto })
  markRead(@CurrentCaller() caller: Caller, @UuidParam('threadId') threadId: string, @Body() body: MarkThreadReadBody): Promise<ThreadDto> {
    return this.discussions.markRead(caller, threadId, body.seq);
  }

  @Put('threads/:threadId/notification-level')
  @ApiOperation({ summary: 'My notification level on one discussion (watching, normal or muted)' })
  @ApiOkResponse({ type: LevelDto })
  async setNotificationLevel(@CurrentCaller() caller: Caller, @UuidParam('threadId') threadId: string, @Body() body: SetLevelBody): Promise<LevelDto> {
    return { level: await this.discussions.setNotificationLevel(caller, threadId, body.level) };
  }

  @Post('threads/:threadId/posts')
  @ApiOperation({ summary: 'Post in a discussion, or reply to one of its top-level posts' })
  @ApiCreatedResponse({ type: PostDto })
  createPost(@CurrentCaller() caller: Caller, @UuidParam('threadId') threadId: string, @Body() body: CreatePostBody): Promise<PostDto> {
    return this.discussions.createPost(caller, threadId, body);
  }

  @Get('threads/:threadId/posts')
  @ApiOperation({ summary: 'A page of posts: the first, after or before a post, around one, or from the first unread' })
  @ApiOkResponse({ type: PostPageDto })
  listPosts(@CurrentCaller() caller: Caller, @UuidParam('threadId') threadId: string, @Query() query: ListPostsQuery): Promise<PostPageDto> {
    return this.discussions.listPosts(caller, threadId, query);
  }

  @Patch('posts/:postId')
  @ApiOperation({ summary: 'Edit your post (the earlier text is kept as a revision)' })
  @ApiOkResponse({ type: PostDto })
  updatePost(@CurrentCaller() caller: Caller, @UuidParam('postId') postId: string, @Body() body: UpdatePostBody): Promise<PostDto> {
    return this.discussions.updatePost(caller, postId, body.body);
  }

  @Get('posts/:postId/revisions')
  @ApiOperation({ summary: "A post's versions, oldest first" })
  @ApiOkResponse({ type: RevisionListDto })
  revisions(@CurrentCaller() caller: Caller, @UuidParam('postId') postId: string): Promise<RevisionListDto> {
    return this.discussions.revisions(caller, postId);
  }

  @Delete('posts/:postId')
  @ApiOperation({ summary: 'Remove a post (yours, or any as a moderator); it stays as "removed"' })
  @ApiOkResponse({ type: PostDto })
  deletePost(@CurrentCaller() caller: Caller, @UuidParam('postId') postId: string): Promise<PostDto> {
    return this.discussions.deletePost(caller, postId);
  }

  @Put('posts/:postId/reactions/:reaction')
  @ApiOperation({ summary: 'React to a post' })
  @ApiParam({ name: 'reaction', enum: REACTIONS })
  @ApiOkResponse({ type: PostDto })
  react(@CurrentCaller() caller: Caller, @UuidParam('postId') postId: string, @Param('reaction') reaction: string): Promise<PostDto> {
    return this.discussions.react(caller, postId, reactionOf(reaction), true);
  }

  @Delete('posts/:postId/reactions/:reaction')
  @ApiOperation({ summary: 'Take back a reaction' })
  @ApiParam({ name: 'reaction', enum: REACTIONS })
  @ApiOkResponse({ type: PostDto })
  unreact(@CurrentCaller() caller: Caller, @UuidParam('postId') postId: string, @Param('reaction') reaction: string): Promise<PostDto> {
    return this.discussions.react(caller, postId, reactionOf(reaction), false);
  }

  @Get('change-packages/:packageId/discussion-counts')
  @ApiOperation({ summary: 'How many discussions are about a change package, and about each of its ideas' })
  @ApiOkResponse({ type: DiscussionCountsDto })
  counts(@CurrentCaller() caller: Caller, @UuidParam('packageId') packageId: string): Promise<DiscussionCountsDto> {
    return this.discussions.discussionCounts(caller, packageId);
  }
}
