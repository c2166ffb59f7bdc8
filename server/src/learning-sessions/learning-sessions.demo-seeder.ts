import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { CollabRepository } from '../collab/collab.repository';
import { anonymousLabel } from '../discussions/discussion.rules';
import { DiscussionsRepository } from '../discussions/discussions.repository';
import { PostRenderer } from '../discussions/post-renderer';
import type { DemoIds, DemoSeedContext, DemoSeeder } from '../platform/feature-database';
import { DEMO_LEARNING_SESSIONS } from '../seed/demo-learning-sessions';
import { DEMO_HARVEST } from '../seed/demo-session-harvest';
import { notesMarkdown, sessionNotesDocumentName, writeNotesParagraphs } from '../shared/session-notes.document';
import type { AgendaItem } from './learning-session.rules';
import { LearningSessionReminders } from './learning-session-reminders';
import { LearningSessionsRepository } from './learning-sessions.repository';
import { SessionNotesRepository } from './session-notes.repository';
import { DemoRoomRows } from './session-summary.repository';
import { attendanceByTeam, type AssembledSummary } from './session-summary.rules';

/**
 * The demo's learning sessions (seed/demo-learning-sessions.ts): the national network's first
 * session, ended five weeks ago, and its next one with the people going and its reminders
 * queued, as scheduling it through the API would. Each is remembered as
 * `learning-session:<key>` ("first", "next"). The first one also gets its harvest
 * (seed/demo-session-harvest.ts): notes and a breakout group's notes, the room's questions,
 * poll and attendance, its published summary with the follow-up thread, and action items.
 */
@Injectable()
export class LearningSessionsDemoSeeder implements DemoSeeder {
  constructor(
    private readonly repository: LearningSessionsRepository,
    private readonly reminders: LearningSessionReminders,
    private readonly collab: CollabRepository,
    private readonly room: DemoRoomRows,
    private readonly discussions: DiscussionsRepository,
    private readonly renderer: PostRenderer,
    private readonly notes: SessionNotesRepository,
  ) {}

  async seedDemo({ manager, ids }: DemoSeedContext): Promise<void> {
    for (const demo of DEMO_LEARNING_SESSIONS) {
      const start = DateTime.now()
        .setZone(demo.timeZone)
        .plus({ days: demo.daysFromNow })
        .set({ hour: demo.localStart.hour, minute: demo.localStart.minute, second: 0, millisecond: 0 });
      const startsAt = start.toJSDate();
      const id = await this.repository.insert(
        {
          networkId: ids.of('network', demo.network),
          title: demo.title,
          description: demo.description,
          startsAt,
          endsAt: start.plus({ minutes: demo.minutes }).toJSDate(),
          timeZone: demo.timeZone,
          meetingUrl: demo.meetingUrl,
          capacity: demo.capacity,
          agenda: demo.agenda,
          createdBy: ids.of('person', demo.scheduledBy),
          status: demo.status,
        },
        manager,
      );
      for (const person of demo.going) await this.repository.setRsvp(id, ids.of('person', person), 'going', manager);
      for (const person of demo.notGoing) await this.repository.setRsvp(id, ids.of('person', person), 'not_going', manager);
      if (demo.status === 'scheduled') await this.reminders.schedule({ id, startsAt }, manager);
      ids.remember('learning-session', demo.key, id);
      if (demo.key === 'first') {
        await this.seedHarvest({ id, networkId: ids.of('network', demo.network), startsAt, minutes: demo.minutes, agenda: demo.agenda, coach: ids.of('person', demo.scheduledBy) }, manager, ids);
      }
    }
  }

  private async writeNotes(documentName: string, paragraphs: string[], authorId: string, manager: EntityManager): Promise<string> {
    const doc = new Y.Doc();
    writeNotesParagraphs(doc, paragraphs);
    await this.collab.insertUpdates([{ documentName, update: Y.encodeStateAsUpdate(doc), authorId }], manager);
    const markdown = notesMarkdown(doc);
    doc.destroy();
    return markdown;
  }

  private async seedHarvest(
    session: { id: string; networkId: string; startsAt: Date; minutes: number; agenda: AgendaItem[]; coach: string },
    manager: EntityManager,
    ids: DemoIds,
  ): Promise<void> {
    const harvest = DEMO_HARVEST;
    const person = (key: string) => ids.of('person', key);
    const at = (minutes: number) => new Date(session.startsAt.getTime() + minutes * 60_000);
    const endedAt = at(session.minutes);
    await this.room.roomState(session.id, session.startsAt, endedAt, manager);

    const notes = await this.writeNotes(sessionNotesDocumentName(session.id), harvest.notes, person('priya'), manager);
    const breakouts: AssembledSummary['breakouts'] = [];
    for (const [position, group] of harvest.breakouts.entries()) {
      const groupId = await this.room.group(session.id, position, group.name, group.members.map(person), manager);
      breakouts.push({ groupId, name: group.name, notes: await this.writeNotes(sessionNotesDocumentName(session.id, groupId), group.notes, person(group.members[0]), manager) });
    }

    const people: { teamName: string | null; minutesPresent: number }[] = [];
    for (const visit of harvest.attendance) {
      const team = await this.room.teamOf(session.networkId, person(visit.person), manager);
      await this.room.visit({ sessionId: session.id, userId: person(visit.person), teamId: team?.id ?? null, teamName: team?.name ?? null, joinedAt: at(visit.joined), leftAt: at(visit.left) }, manager);
      people.push({ teamName: team?.name ?? null, minutesPresent: visit.left - visit.joined });
    }

    const questions: AssembledSummary['questions'] = [];
    const answers: Record<string, string> = {};
    for (const [index, question] of harvest.questions.entries()) {
      const team = await this.room.teamOf(session.networkId, person(question.author), manager);
      const label = question.anonymous ? anonymousLabel('team', team?.name ?? null) : null;
      const id = await this.room.question(
        {
          sessionId: session.id,
          authorId: person(question.author),
          anonymous: question.anonymous,
          anonymousLabel: label,
          text: question.text,
          answeredAt: question.answeredInRoom ? at(60 + index * 10) : null,
          createdAt: at(20 + index * 15),
          voterIds: question.votes.map(person),
        },
        manager,
      );
      questions.push({ id, text: question.text, askedBy: label ?? (await this.room.displayName(person(question.author), manager)), anonymous: question.anonymous, votes: question.votes.length, answeredInRoom: question.answeredInRoom });
      if (question.answer) answers[id] = question.answer;
    }
    questions.sort((a, b) => b.votes - a.votes);

    const { poll } = harvest;
    const pollId = await this.room.closedPoll(
      {
        sessionId: session.id,
        question: poll.question,
        options: poll.options,
        createdBy: session.coach,
        createdAt: at(95),
        closedAt: at(100),
        votes: poll.votes.map(([voter, choice]) => ({ userId: person(voter), choice })),
      },
      manager,
    );
    const counts = poll.options.map((_, option) => poll.votes.filter(([, choice]) => choice === option).length);

    const threadId = await this.seedThread(session, manager, ids);
    await this.room.publishedSummary(
      {
        sessionId: session.id,
        assembled: {
          agenda: session.agenda,
          notes,
          breakouts,
          questions,
          polls: [{ id: pollId, question: poll.question, options: poll.options, multiple: false, anonymous: false, counts, voters: poll.votes.length }],
          attendance: attendanceByTeam(people),
        },
        edits: { introduction: harvest.summary.introduction, keyPoints: harvest.summary.keyPoints, answers, hiddenSections: [] },
        threadId,
        publishedBy: session.coach,
        publishedAt: at(session.minutes + 24 * 60),
      },
      manager,
    );

    const teams = await this.room.teams(session.networkId, manager);
    for (const item of harvest.actionItems) {
      const dueOn = DateTime.now().plus({ days: item.dueInDays }).toISODate()!;
      const itemId = await this.notes.insertItem({ sessionId: session.id, networkId: session.networkId, teamId: teams.get(item.team)!, title: item.title, dueOn, createdBy: session.coach }, manager);
      if (item.done) await this.room.actionItemDone(itemId, item.done, manager);
    }
  }

  /** The follow-up thread the summary was published with, as the coach would have started it. */
  private async seedThread(session: { id: string; networkId: string; minutes: number; startsAt: Date }, manager: EntityManager, ids: DemoIds): Promise<string> {
    const { thread } = DEMO_HARVEST;
    const authorId = ids.of('person', thread.author);
    const createdAt = new Date(session.startsAt.getTime() + (session.minutes + 24 * 60) * 60_000);
    const threadId = await this.discussions.insertThread(
      {
        networkId: session.networkId,
        title: thread.title,
        authorId,
        anonymous: false,
        anonymousLabel: null,
        tags: ['learning-session'],
        subjectType: 'learning_session',
        subjectPackageId: null,
        subjectIdeaId: null,
        subjectLessonId: null,
        subjectSessionId: session.id,
        subjectTitle: null,
        createdAt,
      },
      manager,
    );
    const taken = await this.discussions.takePostSeq(threadId, manager);
    const rendered = this.renderer.render(thread.body);
    const postId = await this.discussions.insertPost(
      { threadId, seq: taken!.postSeq, parentId: null, authorId, anonymous: false, anonymousLabel: null, bodySource: rendered.source, bodyHtml: rendered.html, mentionedUserIds: [], createdAt },
      manager,
    );
    await this.discussions.recordEvent(threadId, 'post:created', postId, manager);
    return threadId;
  }
}
