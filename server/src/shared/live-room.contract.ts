/**
 * The live room's state as clients see it (`$shared/live-room.contract` in the web app): what the
 * `session:join` acknowledgement carries and what the room's events keep current. The server
 * builds these (live-room.service.ts) and the web app reads them, from this one definition.
 */

export type RoomRole = 'member' | 'coach' | 'admin';
export type SessionStatus = 'scheduled' | 'live' | 'ended' | 'cancelled';

export interface AgendaItemView {
  title: string;
  minutes: number;
  presenter?: string | null;
}

export interface ParticipantView {
  userId: string;
  name: string;
  role: RoomRole | null;
  teamName: string | null;
}

export interface HandView {
  userId: string;
  name: string;
  raisedAt: string;
}

export interface QuestionView {
  id: string;
  text: string;
  /** null when asked anonymously: nobody sees who asked, in any payload. */
  authorName: string | null;
  /** How an anonymous asker is shown ("a member of <team>"), as in discussions. */
  authorLabel: string | null;
  anonymous: boolean;
  votes: number;
  votedByMe: boolean;
  answered: boolean;
  /** The hosts' written answer, shown under the question. */
  answer: string | null;
  mine: boolean;
  /** Hidden by a host: then only its asker and the hosts still see it. */
  hidden: boolean;
  /** Why it was hidden, for its asker and the hosts. */
  hiddenReason?: string | null;
  /** Reports, for hosts only. */
  reports?: number;
}

export interface MessageView {
  id: string;
  kind: 'chat' | 'broadcast';
  groupId: string | null;
  authorId: string | null;
  authorName: string;
  text: string;
  at: string;
}

export interface PollResultsView {
  counts: number[];
  /** Voters, not selections. */
  total: number;
}

export interface PollView {
  id: string;
  question: string;
  options: string[];
  multiple: boolean;
  anonymous: boolean;
  status: 'open' | 'closed';
  revealed: boolean;
  /** The viewer's own choices, or null before they vote. */
  myChoices: number[] | null;
  /** Only for those who may see results: hosts, or everyone once revealed. */
  results?: PollResultsView;
}

export interface BreakoutGroupView {
  id: string;
  name: string;
  members: { userId: string; name: string }[];
}

/** The hosts' view of the breakout groups. */
export interface BreakoutView {
  running: boolean;
  endsAt: string | null;
  groups: BreakoutGroupView[];
}

/** The viewer's own breakout group while one runs. */
export interface MyBreakoutView {
  groupId: string;
  name: string;
  endsAt: string | null;
}

export interface RoomState {
  session: { id: string; status: SessionStatus; title: string };
  me: { userId: string; role: RoomRole | null; hosts: boolean; contributes: boolean };
  agenda: { items: AgendaItemView[]; currentIndex: number | null; itemStartedAt: string | null };
  participants: ParticipantView[];
  hands: HandView[];
  questions: QuestionView[];
  polls: PollView[];
  breakout: MyBreakoutView | null;
  /** For hosts only. */
  breakouts: BreakoutView | null;
  messages: MessageView[];
}
