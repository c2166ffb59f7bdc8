import type { Socket } from 'socket.io-client';
import type {
  AgendaItemView as AgendaItem,
  BreakoutGroupView as BreakoutGroup,
  BreakoutView as Breakouts,
  HandView as Hand,
  MessageView as Message,
  MyBreakoutView as MyBreakout,
  ParticipantView as Participant,
  PollResultsView as PollResults,
  PollView as Poll,
  QuestionView as Question,
  RoomState,
  SessionStatus,
} from '$shared/live-room.contract';
import { ApiError } from '$lib/api/client';
import { emit, listen, liveSocket, onConnected } from '$lib/live/socket';

/**
 * The live room as one page sees it: the state `session:join` acknowledges, kept current by every
 * event the room sends after, and replaced whole on each (re)join, so that a reconnect never
 * leaves a duplicate or a gap. The shapes are the server's own ($shared/live-room.contract).
 */

export type { AgendaItem, BreakoutGroup, Breakouts, Hand, Message, MyBreakout, Participant, Poll, PollResults, Question, RoomState, SessionStatus };

interface AckError {
  statusCode: number;
  code: string;
  message: string;
  fields?: { field: string; message: string }[];
}
type Ack<T> = ({ ok: true } & T) | { ok: false; error: AckError; retryAfterSeconds?: number };

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unavailable';


/** Messages about a poll or a question name only it (the server finds the session from it); every other names the session. */
const NAMES_ITS_OWN_SESSION = new Set(['poll:vote', 'poll:close', 'poll:reveal', 'question:upvote', 'question:report', 'question:answered', 'question:hide', 'question:reveal']);

const NO_ANSWER = 'The room did not answer in time. Check your connection and try again.';
const FALLBACK = 'That did not work. Please try again.';

/**
 * Plain words for a refusal. The server's messages are written for people, but a few speak of the
 * protocol ("Join the room (session:join)…") or of field names: those get the room's own words.
 */
function wordsFor(error: AckError): string {
  switch (error.code) {
    case 'live_room.not_joined':
      return 'You are not in the room right now. Wait a moment while we reconnect, then try again.';
    case 'live_room.hand_not_next':
      return 'Hands are acknowledged in the order they were raised: acknowledge the first one in the list.';
    case 'live_room.hand_not_raised':
      return 'That hand is no longer raised.';
    case 'live_room.poll_not_found':
      return 'That poll is no longer in this room.';
    case 'live_room.question_not_found':
      return 'That question is no longer in this room.';
    case 'live_room.group_not_found':
      return 'That breakout group no longer exists.';
    case 'live_room.anonymous_not_allowed':
      return "This network's admins have not turned on anonymous posting, so questions show your name.";
  }
  if (error.fields?.length) return error.fields.map((field) => field.message.charAt(0).toUpperCase() + field.message.slice(1)).join(' ');
  return error.message || FALLBACK;
}

/** How many seconds to keep a line of results quiet for screen readers: results change often during a vote. */
const ANNOUNCE_EVERY_MS = 10_000;

export class LiveRoom {
  state = $state<RoomState | null>(null);
  connection = $state<ConnectionState>('connecting');
  /** Why the room cannot be shown (no access, no such session); null while it can. */
  problem = $state<string | null>(null);
  /** The latest broadcast from a coach, shown as a banner until dismissed. */
  banner = $state<Message | null>(null);
  /** A host visiting a breakout group: which, and its chat. */
  visiting = $state<{ id: string; name: string; messages: Message[] } | null>(null);
  /** A calm line for screen readers (poll opened, results revealed, breakouts started…). */
  announcement = $state('');
  /** Set when `breakout:ended` brought this person back to the main room. */
  backFromBreakout = $state(false);

  private live: Socket | null = null;
  private lastAnnounced = new Map<string, number>();

  constructor(readonly sessionId: string) {}

  get me() {
    return this.state?.me ?? null;
  }

  /** Joins now and after every reconnection; returns what leaves the room. */
  connect(): () => void {
    const mine = (payload: { sessionId?: string }) => payload.sessionId === undefined || payload.sessionId === this.sessionId;
    const stopListening = listen(
      {
        disconnect: () => {
          if (this.connection !== 'unavailable') this.connection = 'reconnecting';
        },
        connect_error: () => {
          if (this.connection === 'connected') this.connection = 'reconnecting';
        },
        'session:status': (payload: { sessionId: string; status: SessionStatus; agenda: { currentIndex: number | null; itemStartedAt: string | null } }) =>
          mine(payload) && this.onStatus(payload.status, payload.agenda),
        'agenda:changed': (payload: { sessionId: string; currentIndex: number; itemStartedAt: string }) =>
          mine(payload) && this.state && (this.state.agenda = { ...this.state.agenda, currentIndex: payload.currentIndex, itemStartedAt: payload.itemStartedAt }),
        'presence:changed': (payload: { sessionId: string; joined: Participant[]; left: string[] }) => mine(payload) && this.onPresence(payload.joined, payload.left),
        'hands:changed': (payload: { sessionId: string; hands: Hand[] }) => mine(payload) && this.state && (this.state.hands = payload.hands),
        'question:asked': (payload: { sessionId: string; question: Question }) => mine(payload) && this.onQuestion(payload.question),
        'question:votes': (payload: { sessionId: string; questionId: string; votes: number }) =>
          mine(payload) && this.updateQuestion(payload.questionId, { votes: payload.votes }),
        'question:answered': (payload: { sessionId: string; questionId: string; answered: boolean; answer?: string | null }) =>
          mine(payload) && this.updateQuestion(payload.questionId, { answered: payload.answered, answer: payload.answer ?? null }),
        'question:hidden': (payload: { sessionId: string; questionId: string; reason?: string | null }) => mine(payload) && this.onQuestionHidden(payload.questionId, payload.reason),
        'question:shown': (payload: { sessionId: string; question: Question }) => mine(payload) && this.onQuestion({ ...payload.question, hidden: false, hiddenReason: null }),
        'question:reported': (payload: { sessionId: string; questionId: string; reports: number }) =>
          mine(payload) && this.updateQuestion(payload.questionId, { reports: payload.reports }),
        'poll:opened': (payload: { sessionId: string; poll: Poll }) => mine(payload) && this.onPollOpened(payload.poll),
        'poll:closed': (payload: { sessionId: string; pollId: string }) => mine(payload) && this.onPollClosed(payload.pollId),
        'poll:revealed': (payload: { sessionId: string; pollId: string; results: PollResults | null }) =>
          mine(payload) && this.onPollRevealed(payload.pollId, payload.results),
        'poll:results': (payload: { pollId: string } & PollResults) => this.onResults(payload.pollId, { counts: payload.counts, total: payload.total }),
        'chat:message': (payload: { sessionId: string; message: Message }) => mine(payload) && this.onChat(payload.message),
        'room:broadcast': (payload: { sessionId: string; message: Message }) => mine(payload) && this.onBroadcast(payload.message),
        'breakout:created': (payload: { sessionId: string; breakouts: Breakouts }) => mine(payload) && this.state && (this.state.breakouts = payload.breakouts),
        'breakout:started': (payload: { sessionId: string; breakout: MyBreakout }) => mine(payload) && this.onBreakoutStarted(payload.breakout),
        'breakout:running': (payload: { sessionId: string; endsAt: string }) => mine(payload) && this.onBreakoutRunning(payload.endsAt),
        'breakout:ended': (payload: { sessionId: string }) => mine(payload) && this.onBreakoutEnded(),
        'breakout:updated': (payload: { sessionId: string; breakouts: Breakouts }) => mine(payload) && this.state && (this.state.breakouts = payload.breakouts),
        'breakout:moved': (payload: { sessionId: string; breakout: MyBreakout }) => mine(payload) && this.onBreakoutMoved(payload.breakout),
        'session:access-lost': (payload: { sessionId: string }) => {
          if (!mine(payload)) return;
          this.problem = 'You no longer have access to this session.';
          this.state = null;
        },
      },
      () => (this.connection = 'unavailable'),
    );
    const stop = onConnected(
      (live) => this.join(live),
      () => (this.connection = 'unavailable'),
    );
    return () => {
      stop();
      stopListening();
      emit('session:leave', { sessionId: this.sessionId });
    };
  }

  private join(live: Socket) {
    this.live = live;
    live.emit('session:join', { sessionId: this.sessionId }, (ack: Ack<{ state: RoomState }>) => {
      if (!ack.ok) {
        this.connection = 'connected';
        this.problem = ack.error.statusCode === 404 ? 'This learning session does not exist, or you do not have access to it.' : wordsFor(ack.error);
        return;
      }
      this.problem = null;
      this.connection = 'connected';
      // The acknowledged state replaces everything: what was heard before the reconnect is in it.
      this.state = ack.state;
      // A visit does not survive a reconnection (the server forgets it with the socket).
      this.visiting = null;
    });
  }

  /** Sends a room action and resolves with its acknowledgement, or throws an ApiError in plain words (never the code). */
  async request<T extends object = object>(event: string, payload: Record<string, unknown> = {}): Promise<T> {
    const live = this.live ?? (await liveSocket());
    let ack: Ack<T>;
    try {
      ack = await live.timeout(10_000).emitWithAck(event, NAMES_ITS_OWN_SESSION.has(event) ? payload : { sessionId: this.sessionId, ...payload });
    } catch {
      throw new ApiError(0, NO_ANSWER);
    }
    if (!ack.ok) throw new ApiError(ack.error.statusCode, wordsFor(ack.error), ack.error.code, [], ack.retryAfterSeconds ?? null);
    return ack;
  }

  // ---- what the page does ------------------------------------------------------------------

  async vote(pollId: string, choices: number[]) {
    const ack = await this.request<{ pollId: string; myChoices: number[] }>('poll:vote', { pollId, choices });
    const poll = this.state?.polls.find((known) => known.id === pollId);
    if (poll) poll.myChoices = ack.myChoices;
  }

  async upvote(questionId: string) {
    const ack = await this.request<{ questionId: string; votes: number }>('question:upvote', { questionId });
    this.updateQuestion(questionId, { votes: ack.votes, votedByMe: true });
  }

  async ask(text: string, anonymous: boolean, anonymousAs: 'team' | 'member') {
    const ack = await this.request<{ question: Question }>('question:ask', { text, ...(anonymous && { anonymous: true, anonymousAs }) });
    this.onQuestion(ack.question);
  }

  /** Marks a question answered (with the answer, when written) or takes the mark back. */
  async markAnswered(questionId: string, answered: boolean, answer?: string) {
    const ack = await this.request<{ answered: boolean; answer: string | null }>('question:answered', { questionId, answered, ...(answer !== undefined && { answer }) });
    this.updateQuestion(questionId, { answered: ack.answered, answer: ack.answer });
  }

  /** Hosts: hides a question (with an optional reason) or shows it again. */
  async hideQuestion(questionId: string, hidden: boolean, reason?: string) {
    const ack = await this.request<{ question: Question }>('question:hide', { questionId, hidden, ...(hidden && reason && { reason }) });
    this.updateQuestion(questionId, { hidden: ack.question.hidden, hiddenReason: ack.question.hiddenReason ?? null });
  }

  /** Network admins: who asked an anonymous question (the server records the look). */
  async revealAsker(questionId: string): Promise<{ userId: string; name: string; teamName: string | null }> {
    const ack = await this.request<{ author: { userId: string; name: string; teamName: string | null } }>('question:reveal', { questionId });
    return ack.author;
  }

  /** Hosts: moves a person to another breakout group. */
  async moveToGroup(userId: string, groupId: string) {
    const ack = await this.request<{ breakouts: Breakouts }>('breakout:move', { userId, groupId });
    if (this.state) this.state.breakouts = ack.breakouts;
  }

  async raiseHand(up: boolean) {
    const ack = await this.request<{ hands: Hand[] }>(up ? 'hand:raise' : 'hand:lower');
    if (this.state) this.state.hands = ack.hands;
  }

  async chat(text: string) {
    const ack = await this.request<{ message: Message }>('chat:send', { text });
    this.onChat(ack.message);
  }

  async visit(groupId: string) {
    const ack = await this.request<{ group: { id: string; name: string }; messages: Message[] }>('breakout:visit', { groupId });
    this.visiting = { id: ack.group.id, name: ack.group.name, messages: ack.messages };
  }

  /** A poll this host just opened (the room announces it too; whichever comes first wins). */
  pollCreated(poll: Poll) {
    if (!this.state || this.state.polls.some((known) => known.id === poll.id)) return;
    this.state.polls = [...this.state.polls, poll];
  }

  // ---- applying events ---------------------------------------------------------------------

  private onStatus(status: SessionStatus, agenda: { currentIndex: number | null; itemStartedAt: string | null }) {
    if (!this.state) return;
    this.state.session = { ...this.state.session, status };
    this.state.agenda = { ...this.state.agenda, ...agenda };
    if (status === 'ended') {
      this.state.breakout = null;
      this.visiting = null;
      if (this.state.breakouts) this.state.breakouts = { ...this.state.breakouts, running: false, endsAt: null };
      this.announce('The session has ended. The notes and everything said here are kept.');
    } else if (status === 'live') {
      this.announce('The session has started.');
    }
  }

  private onPresence(joined: Participant[], left: string[]) {
    if (!this.state) return;
    const gone = new Set([...left, ...joined.map((person) => person.userId)]);
    this.state.participants = [...this.state.participants.filter((person) => !gone.has(person.userId)), ...joined];
  }

  private onQuestion(question: Question) {
    if (!this.state) return;
    const index = this.state.questions.findIndex((known) => known.id === question.id);
    // The asker hears their own question twice (the acknowledgement and the broadcast): the first, with "mine", stays.
    if (index >= 0) this.state.questions[index] = { ...question, mine: this.state.questions[index].mine || question.mine, votedByMe: this.state.questions[index].votedByMe };
    else this.state.questions = [...this.state.questions, question];
  }

  /** Peers lose a hidden question; its asker (told why) and the hosts keep it, marked hidden. */
  private onQuestionHidden(questionId: string, reason: string | null | undefined) {
    if (!this.state) return;
    const question = this.state.questions.find((known) => known.id === questionId);
    if (!question) return;
    if (question.mine || this.me?.hosts) Object.assign(question, { hidden: true, ...(reason !== undefined && { hiddenReason: reason }) });
    else this.state.questions = this.state.questions.filter((known) => known.id !== questionId);
  }

  private updateQuestion(questionId: string, change: Partial<Question>) {
    const question = this.state?.questions.find((known) => known.id === questionId);
    if (question) Object.assign(question, change);
  }

  private onPollOpened(poll: Poll) {
    if (!this.state) return;
    if (this.state.polls.some((known) => known.id === poll.id)) return;
    this.state.polls = [...this.state.polls, this.me?.hosts && !poll.anonymous ? { ...poll, results: { counts: poll.options.map(() => 0), total: 0 } } : poll];
    this.announce(`A new poll: ${poll.question}`);
  }

  private onPollClosed(pollId: string) {
    const poll = this.state?.polls.find((known) => known.id === pollId);
    if (!poll) return;
    poll.status = 'closed';
    this.announce(`The poll “${poll.question}” is closed.`);
  }

  private onPollRevealed(pollId: string, results: PollResults | null) {
    const poll = this.state?.polls.find((known) => known.id === pollId);
    if (!poll) return;
    poll.revealed = true;
    if (results) this.onResults(pollId, results);
  }

  private onResults(pollId: string, results: PollResults) {
    const poll = this.state?.polls.find((known) => known.id === pollId);
    if (!poll) return;
    poll.results = results;
    // Results can change many times a second during a vote: a screen reader hears them now and then, not every time.
    const now = Date.now();
    if (poll.status === 'closed' || now - (this.lastAnnounced.get(pollId) ?? 0) >= ANNOUNCE_EVERY_MS) {
      this.lastAnnounced.set(pollId, now);
      this.announce(`${poll.question}: ${results.total} ${results.total === 1 ? 'person has' : 'people have'} voted.`);
    }
  }

  private onChat(message: Message) {
    if (this.visiting && message.groupId === this.visiting.id) {
      if (!this.visiting.messages.some((known) => known.id === message.id)) this.visiting.messages = [...this.visiting.messages, message];
      return;
    }
    if (!this.state) return;
    if (this.state.messages.some((known) => known.id === message.id)) return;
    this.state.messages = [...this.state.messages, message].slice(-200);
  }

  private onBroadcast(message: Message) {
    this.banner = message;
    if (this.state && !this.state.messages.some((known) => known.id === message.id)) this.state.messages = [...this.state.messages, message].slice(-200);
  }

  private onBreakoutStarted(breakout: MyBreakout) {
    if (!this.state) return;
    this.state.breakout = breakout;
    // The main room's chat is not the group's: the group starts with its own.
    this.state.messages = this.state.messages.filter((message) => message.kind === 'broadcast');
    this.backFromBreakout = false;
    this.announce(`Breakout groups have started. You are in ${breakout.name}.`);
  }

  /** A host moved this person to another group: its chat and notes replace the old group's. */
  private onBreakoutMoved(breakout: MyBreakout) {
    if (!this.state) return;
    this.state.breakout = breakout;
    this.state.messages = this.state.messages.filter((message) => message.kind === 'broadcast');
    // The new group's recent chat comes with a fresh join.
    if (this.live?.connected) this.join(this.live);
    this.announce(`A coach moved you to ${breakout.name}.`);
  }

  private onBreakoutRunning(endsAt: string) {
    if (this.state?.breakouts) this.state.breakouts = { ...this.state.breakouts, running: true, endsAt };
  }

  private onBreakoutEnded() {
    if (!this.state) return;
    const wasInGroup = this.state.breakout !== null;
    this.state.breakout = null;
    this.visiting = null;
    if (this.state.breakouts) this.state.breakouts = { ...this.state.breakouts, running: false, endsAt: null };
    if (wasInGroup) {
      this.backFromBreakout = true;
      // The main room's recent chat comes back with a fresh join.
      if (this.live?.connected) this.join(this.live);
    }
    this.announce('Breakout groups have ended. Everyone is back in the main room.');
  }

  private announce(words: string) {
    this.announcement = words;
  }
}
