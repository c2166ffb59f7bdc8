import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { CollabHub } from '../collab/collab-hub';
import type { Caller } from '../common/request-context';
import { DiscussionsService } from '../discussions/discussions.service';
import { PostRenderer } from '../discussions/post-renderer';
import { NetworkAccessPolicy } from '../networks/network-access.policy';
import { networkAllows } from '../networks/network.rules';
import { CONFIG, type Config } from '../platform/config';
import { Transactions } from '../platform/transactions';
import { SearchOutbox } from '../search/search-outbox';
import { LOCALE } from '../shared/dates';
import { notesMarkdown, sessionNotesDocumentName } from '../shared/session-notes.document';
import { LearningSessionsService, type SessionAccess } from './learning-sessions.service';
import { LiveRoomRepository } from './live-room.repository';
import { LiveRoomService } from './live-room.service';
import { SessionEndHooks } from './session-end.hooks';
import type { SessionSummaryDto, SessionThreadDto, UpdateSummaryBody } from './session-summary.dto';
import { SessionSummaryErrors } from './session-summary.errors';
import { SessionSummaryRepository, type SummaryRow } from './session-summary.repository';
import { NO_TEAM, answerOf, attendanceByTeam, spreadsheetSafe, summaryMarkdown, type AssembledSummary, type SummaryEdits, type SummarySection } from './session-summary.rules';

const NO_EDITS: SummaryEdits = { introduction: '', keyPoints: [], answers: {}, hiddenSections: [] };
/** A thread title is at most 200 characters (discussions' limit). */
const THREAD_TITLE_MAX = 200;
/** How long someone asking for the follow-up thread waits while another request is starting it. */
const THREAD_START_WAIT_MS = 10_000;

interface SummaryAccess extends SessionAccess {
  hosts: boolean;
  contributes: boolean;
}

export interface ExportFile {
  body: string;
  fileName: string;
  contentType: string;
}

/**
 * The harvest of a session. When the coach ends it, what it produced (agenda, notes, each
 * breakout group's notes, questions, poll results, attendance by team) is assembled from the
 * rows and the notes documents into a draft kept in PostgreSQL; the coach adds their own words,
 * leaves sections out, and publishes it to the network: a page, a search result, and a thread.
 * Hosts see the draft and export at any time (during the session too); everyone else who reads
 * the network sees the summary only once published, and until then it does not exist for them.
 */
@Injectable()
export class SessionSummaryService implements OnModuleInit {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly sessions: LearningSessionsService,
    private readonly room: LiveRoomService,
    private readonly roomRows: LiveRoomRepository,
    private readonly repository: SessionSummaryRepository,
    private readonly hub: CollabHub,
    private readonly transactions: Transactions,
    private readonly outbox: SearchOutbox,
    private readonly discussions: DiscussionsService,
    private readonly policy: NetworkAccessPolicy,
    private readonly endHooks: SessionEndHooks,
    private readonly renderer: PostRenderer,
  ) {}

  onModuleInit(): void {
    this.endHooks.onEnded(async (sessionId, endedBy) => {
      await this.repository.insertDraft(sessionId, await this.assemble(endedBy, sessionId));
    });
  }

  private async accessOf(caller: Pick<Caller, 'userId'>, sessionId: string): Promise<SummaryAccess> {
    const access = await this.sessions.access(caller, sessionId, 'read');
    return {
      ...access,
      hosts: networkAllows(access.visibility, access.role, 'moderate'),
      contributes: networkAllows(access.visibility, access.role, 'contribute'),
    };
  }

  /** Hosts only: others who read the session are refused (403); those who cannot read it found nothing (404, from `access`). */
  private async hostAccess(caller: Pick<Caller, 'userId'>, sessionId: string, what: string): Promise<SummaryAccess> {
    const access = await this.accessOf(caller, sessionId);
    if (!access.hosts) throw SessionSummaryErrors.hostsOnly(what);
    return access;
  }

  // ---- assembly -----------------------------------------------------------------------------

  private async notesOf(sessionId: string, groupId?: string): Promise<string> {
    const doc = await this.hub.currentState(sessionNotesDocumentName(sessionId, groupId));
    try {
      return notesMarkdown(doc);
    } finally {
      doc.destroy();
    }
  }

  /** What the session has produced so far, read as a host (`userId`) reads the room's record. */
  private async assemble(userId: string, sessionId: string): Promise<AssembledSummary> {
    const { session } = await this.sessions.access({ userId }, sessionId, 'moderate');
    const [record, groups, notes] = await Promise.all([this.room.record(userId, sessionId), this.roomRows.groupsOfEveryRound(sessionId), this.notesOf(sessionId)]);
    const breakouts = await Promise.all(groups.map(async (group) => ({ groupId: group.id, name: group.earlierRound ? `${group.name} (an earlier round)` : group.name, notes: await this.notesOf(sessionId, group.id) })));
    return {
      agenda: session.agenda,
      notes,
      breakouts,
      questions: record.questions.map((question) => ({
        id: question.id,
        text: question.text,
        // An anonymous asker is only ever the label the room showed.
        askedBy: question.authorName ?? question.authorLabel ?? 'a member',
        anonymous: question.authorName === null,
        votes: question.votes,
        answeredInRoom: question.answered,
        answer: question.answer,
      })),
      polls: record.polls.map((poll) => ({
        id: poll.id,
        question: poll.question,
        options: poll.options,
        multiple: poll.multiple,
        anonymous: poll.anonymous,
        counts: poll.results?.counts ?? null,
        voters: poll.results?.total ?? 0,
      })),
      attendance: attendanceByTeam(record.attendance.people),
    };
  }

  /** The kept summary, assembled now if the session ended before anyone asked (or its end hook failed). */
  private async ensureDraft(access: SummaryAccess, userId: string): Promise<SummaryRow | null> {
    const found = await this.repository.find(access.session.id);
    if (found || access.session.status !== 'ended') return found;
    await this.repository.insertDraft(access.session.id, await this.assemble(userId, access.session.id));
    return this.repository.find(access.session.id);
  }

  // ---- reading and reviewing -----------------------------------------------------------------

  async get(caller: Caller, sessionId: string): Promise<SessionSummaryDto> {
    const access = await this.accessOf(caller, sessionId);
    if (!access.hosts) {
      const row = await this.repository.find(sessionId);
      if (row?.status !== 'published') throw SessionSummaryErrors.notFound();
      return this.view(access, row, row.assembled);
    }
    if (access.session.status === 'cancelled') throw SessionSummaryErrors.notFound();
    const row = await this.ensureDraft(access, caller.userId);
    return this.view(access, row, row?.assembled ?? (await this.assemble(caller.userId, sessionId)));
  }

  async update(caller: Caller, sessionId: string, body: UpdateSummaryBody): Promise<SessionSummaryDto> {
    const access = await this.hostAccess(caller, sessionId, 'edit the summary');
    if (!(await this.ensureDraft(access, caller.userId))) throw SessionSummaryErrors.notEnded();
    const reassembled = body.reassemble ? await this.assemble(caller.userId, sessionId) : null;
    await this.transactions.run(async (manager) => {
      const row = (await this.repository.find(sessionId, manager, true))!;
      const questions = new Map((reassembled ?? row.assembled).questions.map((question) => [question.id, question]));
      const answers = { ...row.answers };
      for (const { questionId, answer } of body.answers ?? []) {
        const id = questionId.toLowerCase();
        const question = questions.get(id);
        if (!question) throw SessionSummaryErrors.unknownQuestion();
        if (answer) answers[id] = answer;
        // Emptied: the room's answer would show again, so an empty edit is kept to take it out.
        else if (question.answer) answers[id] = '';
        else delete answers[id];
      }
      const edits: SummaryEdits = {
        introduction: body.introduction !== undefined ? body.introduction.trim() : row.introduction,
        keyPoints: body.keyPoints !== undefined ? body.keyPoints.map((point) => point.trim()).filter(Boolean) : row.keyPoints,
        answers,
        hiddenSections: body.hiddenSections !== undefined ? [...new Set(body.hiddenSections)] : row.hiddenSections,
      };
      if (reassembled) await this.repository.reassemble(sessionId, reassembled, caller.userId, manager);
      await this.repository.updateEdits(sessionId, edits, caller.userId, manager);
      if (row.status === 'published') await this.outbox.changed(manager, 'learning-session', sessionId);
    });
    return this.get(caller, sessionId);
  }

  /** Makes the summary a page of the network: found by search, with a thread to follow it up (started now if there is none). */
  async publish(caller: Caller, sessionId: string): Promise<SessionSummaryDto> {
    const access = await this.hostAccess(caller, sessionId, 'publish the summary');
    const row = await this.ensureDraft(access, caller.userId);
    if (!row) throw SessionSummaryErrors.notEnded();
    if (row.status === 'published') throw SessionSummaryErrors.alreadyPublished();
    const thread = await this.startThread(caller, access);
    await this.transactions.run(async (manager) => {
      const locked = (await this.repository.find(sessionId, manager, true))!;
      if (locked.status === 'published') throw SessionSummaryErrors.alreadyPublished();
      await this.repository.publish(sessionId, caller.userId, manager);
      await this.repository.linkThread(sessionId, thread.threadId, manager);
      await this.outbox.changed(manager, 'learning-session', sessionId);
    });
    return this.get(caller, sessionId);
  }

  /** "Discuss this session": the follow-up thread, started by the caller if there is none yet (members and up). */
  async discuss(caller: Caller, sessionId: string): Promise<SessionThreadDto> {
    const access = await this.accessOf(caller, sessionId);
    if (!access.contributes) {
      // Readers who are not members see the session but may not start threads in its network.
      await this.policy.require(caller.userId, access.networkId, 'contribute');
    }
    if (access.session.status === 'cancelled') throw SessionSummaryErrors.cancelled();
    const thread = await this.startThread(caller, access);
    await this.repository.linkThread(sessionId, thread.threadId);
    return thread;
  }

  /**
   * The session's follow-up thread, started by the caller when there is none. People asking to
   * discuss and coaches publishing at the same moment must find one thread, not one each: the
   * start is claimed with a transaction-scoped advisory lock per session, held while the thread
   * is written (in its own transaction); whoever does not get the claim does not wait on a
   * database connection, but looks again shortly, when the thread is there.
   */
  private async startThread(caller: Caller, access: SummaryAccess): Promise<SessionThreadDto> {
    const deadline = Date.now() + THREAD_START_WAIT_MS;
    for (;;) {
      const existing = await this.repository.followUpThread(access.session.id);
      if (existing) return { threadId: existing.id, networkId: access.networkId };
      const started = await this.transactions.run(async (manager) => {
        if (!(await this.repository.claimThreadStart(access.session.id, manager))) return null;
        // Claimed: a thread that was committed while we looked is found now, else none is being made.
        const committed = await this.repository.followUpThread(access.session.id);
        return committed ? { threadId: committed.id, networkId: access.networkId } : this.createThread(caller, access);
      });
      if (started) return started;
      if (Date.now() > deadline) throw SessionSummaryErrors.threadBusy();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async createThread(caller: Caller, access: SummaryAccess): Promise<SessionThreadDto> {
    const network = await this.policy.require(caller.userId, access.networkId, 'contribute');
    const summaryUrl = new URL(`/networks/${access.networkId}/learning-sessions/${access.session.id}/summary`, this.config.publicUrl).toString();
    const title = `Follow-up: ${access.session.title.replace(/\s+/g, ' ')}`;
    const created = await this.discussions.createThread(caller, network, {
      title: title.length > THREAD_TITLE_MAX ? `${title.slice(0, THREAD_TITLE_MAX - 1)}…` : title,
      body: `What did we take away from the session on ${this.when(access)}, and what have we tried since? The summary is here: ${summaryUrl}`,
      tags: ['learning-session'],
      subject: { type: 'learning_session', id: access.session.id },
    });
    return { threadId: created.id, networkId: access.networkId };
  }

  private when(access: Pick<SessionAccess, 'session'>): string {
    const { session } = access;
    return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeStyle: 'short', timeZone: session.timeZone }).format(new Date(session.startsAt));
  }

  private async view(access: SummaryAccess, row: SummaryRow | null, assembled: AssembledSummary): Promise<SessionSummaryDto> {
    const edits: SummaryEdits = row ?? NO_EDITS;
    const thread = await this.repository.followUpThread(access.session.id);
    // A section the coach left out is not sent to readers at all, not only hidden by the page.
    const left = new Set(access.hosts ? [] : edits.hiddenSections);
    const shown = <T>(section: SummarySection, value: T, empty: T): T => (left.has(section) ? empty : value);
    const notes = shown('notes', assembled.notes, '');
    return {
      sessionId: access.session.id,
      networkId: access.networkId,
      title: access.session.title,
      startsAt: new Date(access.session.startsAt).toISOString(),
      endsAt: new Date(access.session.endsAt).toISOString(),
      timeZone: access.session.timeZone,
      status: row?.status ?? 'in_progress',
      introduction: edits.introduction,
      introductionHtml: this.html(edits.introduction),
      keyPoints: edits.keyPoints,
      hiddenSections: edits.hiddenSections,
      agenda: shown('agenda', assembled.agenda, []),
      notes,
      notesHtml: this.html(notes),
      breakouts: shown('breakouts', assembled.breakouts, []).map((group) => ({ ...group, notesHtml: this.html(group.notes) })),
      questions: shown('questions', assembled.questions, []).map((question) => {
        const answer = answerOf(question, edits);
        return { ...question, answer, answerHtml: this.html(answer) };
      }),
      polls: shown('polls', assembled.polls, []),
      attendance: shown('attendance', assembled.attendance, { total: 0, minutes: 0, byTeam: [] }),
      assembledAt: row ? new Date(row.assembledAt).toISOString() : null,
      publishedAt: row?.publishedAt ? new Date(row.publishedAt).toISOString() : null,
      thread,
      can: { edit: access.hosts && row !== null, publish: access.hosts && row?.status === 'draft', export: access.hosts, discuss: access.contributes && access.session.status !== 'cancelled' },
    };
  }

  /** Markdown as the safe HTML discussions show (no raw HTML, no images, links sanitised). */
  private html(markdown: string): string {
    return markdown.trim() ? this.renderer.render(markdown).html : '';
  }

  // ---- exports (hosts, at any time) ------------------------------------------------------------

  private slug(title: string): string {
    return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'session';
  }

  /** The summary as Markdown: the kept draft (with the coach's words) once there is one, otherwise what the session has produced so far. */
  async exportMarkdown(caller: Caller, sessionId: string): Promise<ExportFile> {
    const access = await this.hostAccess(caller, sessionId, 'export the summary');
    const row = await this.ensureDraft(access, caller.userId);
    const assembled = row?.assembled ?? (await this.assemble(caller.userId, sessionId));
    return {
      body: summaryMarkdown({ title: access.session.title, when: `${this.when(access)} (${access.session.timeZone})` }, assembled, row ?? NO_EDITS),
      fileName: `${this.slug(access.session.title)}-summary.md`,
      contentType: 'text/markdown; charset=utf-8',
    };
  }

  /**
   * Poll results as CSV: a `result` row per option, with the count and how many voted, and for a
   * named poll a `vote` row per person and choice. An anonymous poll has result rows only.
   */
  async exportPolls(caller: Caller, sessionId: string): Promise<ExportFile> {
    const access = await this.hostAccess(caller, sessionId, 'export poll results');
    const [record, votes] = await Promise.all([this.room.record(caller.userId, sessionId), this.repository.namedVotes(sessionId)]);
    const rows: (string | number)[][] = [];
    for (const poll of record.polls) {
      const kind = poll.anonymous ? 'anonymous' : 'named';
      poll.options.forEach((option, index) => {
        rows.push(['result', poll.question, kind, poll.status, option, poll.results ? poll.results.counts[index] ?? 0 : '', poll.results?.total ?? '', '']);
      });
      if (poll.anonymous) continue;
      for (const vote of votes.filter((candidate) => candidate.pollId === poll.id)) {
        for (const choice of vote.choices) rows.push(['vote', poll.question, kind, poll.status, poll.options[choice] ?? '', '', '', vote.name]);
      }
    }
    return {
      body: stringify(
        rows.map((row) => row.map((cell) => spreadsheetSafe(cell))),
        { header: true, columns: ['row', 'poll', 'kind', 'status', 'option', 'count', 'voters', 'person'], bom: true },
      ),
      fileName: `${this.slug(access.session.title)}-polls.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  }

  /** Attendance as CSV: one row per person, with their team, when they came and left, and minutes in the room. */
  async exportAttendance(caller: Caller, sessionId: string): Promise<ExportFile> {
    const access = await this.hostAccess(caller, sessionId, 'export attendance');
    const attendance = await this.room.attendance(caller.userId, sessionId);
    const rows = [...attendance.people]
      .sort((a, b) => (a.teamName ?? '\uffff').localeCompare(b.teamName ?? '\uffff') || a.name.localeCompare(b.name))
      .map((person) => [person.teamName ?? NO_TEAM, person.name, person.firstJoinedAt, person.lastLeftAt ?? '', person.minutesPresent, person.visits]);
    return {
      body: stringify(
        rows.map((row) => row.map((cell) => spreadsheetSafe(cell))),
        { header: true, columns: ['team', 'person', 'first_joined_at', 'last_left_at', 'minutes', 'visits'], bom: true },
      ),
      fileName: `${this.slug(access.session.title)}-attendance.csv`,
      contentType: 'text/csv; charset=utf-8',
    };
  }
}
