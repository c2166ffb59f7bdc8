import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CollabAccess } from '../collab/collab-access';
import { CollabDirectory, type DocumentOwner } from '../collab/collab-directory';
import { CollabHub } from '../collab/collab-hub';
import type { Caller } from '../common/request-context';
import { LessonsService } from '../knowledge/lessons.service';
import { NetworkAccessPolicy } from '../networks/network-access.policy';
import { CONFIG, type Config } from '../platform/config';
import { LOCALE } from '../shared/dates';
import { notesMarkdown, parseSessionNotesDocumentName, sessionNotesDocumentName, SESSION_NOTES_PREFIX } from '../shared/session-notes.document';
import { LearningSessionsService } from './learning-sessions.service';
import type { CaptureLessonBody, CapturedLessonDto } from './session-notes.dto';
import { SessionNotesErrors } from './session-notes.errors';
import { LiveRoomRepository } from './live-room.repository';
import { SessionNotesRepository } from './session-notes.repository';
import { lessonPrefill } from './session-notes.rules';

/**
 * A session's co-edited notes: a /collab document per session (and per breakout group), owned
 * here so that the one access policy decides who connects, exactly as for change packages:
 * members and up write, readers of a public network read, everyone else finds no such document.
 * A breakout group's notes are narrower (`admits`): only the people in that group and the
 * session's hosts open them; to anyone else they are as missing as a document that does not
 * exist. Someone moved to another group loses the old group's notes at once.
 * Ending a session or a breakout changes nothing here: the notes are documents, kept like any
 * other (every update is in PostgreSQL before anyone sees it), and they stay open for editing
 * afterwards, so that words in flight when the coach ends are still taken, and tidied up later.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@Injectable()
export class SessionNotesService implements DocumentOwner, OnModuleInit {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly directory: CollabDirectory,
    private readonly hub: CollabHub,
    private readonly sessions: LearningSessionsService,
    private readonly repository: SessionNotesRepository,
    private readonly lessons: LessonsService,
    private readonly policy: NetworkAccessPolicy,
    private readonly liveRoom: LiveRoomRepository,
    private readonly collabAccess: CollabAccess,
  ) {}

  onModuleInit(): void {
    this.directory.register(SESSION_NOTES_PREFIX, this);
  }

  /** For /collab: the session's network (a group's document belongs to its session's), or null for no such session. */
  async networkOf(documentName: string): Promise<string | null> {
    const parsed = parseSessionNotesDocumentName(documentName);
    return parsed ? this.repository.networkOfSession(parsed.sessionId) : null;
  }

  /**
   * For /collab: a group's notes admit the session's hosts and the people in that group (in its
   * round) while they are members of the network (someone removed from a public network may still
   * read it, but no longer their group's notes); the session's notes, every reader.
   */
  async admits(userId: string, documentName: string, network: { moderates: boolean; contributes: boolean }): Promise<boolean> {
    const parsed = parseSessionNotesDocumentName(documentName);
    if (!parsed) return false;
    if (parsed.groupId === null) return true;
    if (!UUID.test(parsed.groupId)) return false;
    const { exists, member } = await this.liveRoom.groupMembership(parsed.sessionId, parsed.groupId, userId);
    return exists && (network.moderates || (member && network.contributes));
  }

  /** Someone changed breakout group: open connections to the session's group notes are decided again. */
  async breakoutMembershipChanged(sessionId: string): Promise<void> {
    const prefix = `${sessionNotesDocumentName(sessionId)}:`;
    await this.collabAccess.recheckDocuments((name) => name.startsWith(prefix));
  }

  /** The notes as Markdown, for whoever may read the session; at any time, during the session too. */
  async exportMarkdown(caller: Caller, sessionId: string): Promise<{ markdown: string; fileName: string }> {
    const { session } = await this.sessions.access(caller, sessionId, 'read');
    const doc = await this.hub.currentState(sessionNotesDocumentName(sessionId));
    try {
      const notes = notesMarkdown(doc);
      const when = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeStyle: 'short', timeZone: session.timeZone }).format(new Date(session.startsAt));
      const markdown = `# ${session.title.replace(/\n/g, ' ')}\n\n_${when} (${session.timeZone})_\n\n## Notes\n\n${notes || '_No notes were taken._'}\n`;
      const slug = session.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'session';
      return { markdown, fileName: `${slug}-notes.md` };
    } finally {
      doc.destroy();
    }
  }

  /**
   * Turns a passage of the notes (or a question or answer of the room) into a draft lesson of the
   * session's network, written by the caller, with a link back to the session; the web opens it
   * in the lesson editor. The draft is the caller's alone until they publish it.
   */
  async captureLesson(caller: Caller, sessionId: string, body: CaptureLessonBody): Promise<CapturedLessonDto> {
    const { session, networkId } = await this.sessions.access(caller, sessionId, 'contribute');
    if (!body.text.replace(/[\s\p{P}]/gu, '')) throw SessionNotesErrors.nothingToCapture();
    const sessionUrl = new URL(`/networks/${networkId}/learning-sessions/${sessionId}`, this.config.publicUrl).toString();
    const sessionDate = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: session.timeZone }).format(new Date(session.startsAt));
    const prefill = lessonPrefill({ text: body.text, source: body.source, sessionTitle: session.title, sessionDate, sessionUrl });
    const access = await this.policy.require(caller.userId, networkId, 'contribute');
    const lesson = await this.lessons.create(caller, access, { ...prefill, status: 'draft' });
    await this.repository.insertCapture({ lessonId: lesson.id, sessionId, source: body.source, sourceId: body.sourceId ?? null, createdBy: caller.userId });
    return { lessonId: lesson.id, networkId };
  }
}
