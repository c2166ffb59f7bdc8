import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live room of a learning session: everything a late joiner, a reconnecting client or another
 * instance must see lives here (socket.io rooms only fan out). One row of room state per session
 * (agenda position, breakouts), visits for attendance, hands, questions with their votes and
 * reports, polls with their votes, chat and broadcasts, breakout groups.
 *
 * Votes: one row per (poll, voter) in live_room_poll_voters, whatever the poll. A named poll keeps
 * the choices on that row. An anonymous poll never does: its choices sit in
 * live_room_poll_ballots under an opaque key (an HMAC of poll and voter with the server's secret),
 * with no user id and no time, so that no query, door or export can tell who chose what, while a
 * changed vote can still replace the voter's own ballot.
 */
export class LiveRoom1764810000000 implements MigrationInterface {
  name = 'LiveRoom1764810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE live_room_states (
        session_id uuid PRIMARY KEY REFERENCES learning_sessions(id) ON DELETE CASCADE,
        agenda_index integer CHECK (agenda_index >= 0),
        agenda_item_started_at timestamptz,
        started_at timestamptz,
        ended_at timestamptz,
        breakout_started_at timestamptz,
        breakout_ends_at timestamptz,
        -- Groups may exist (created, assigned) before they run, and stay for the record after.
        breakout_running boolean NOT NULL DEFAULT false
      )`);

    // One visit per stay in the room; at most one open visit per person, so a reconnect (or a
    // restart that never saw the socket leave) reopens nothing and nobody is counted twice.
    await db.query(`
      CREATE TABLE live_room_visits (
        id bigserial PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES learning_sessions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        -- The team as it was at the visit: attendance by team must not move when someone changes team later.
        team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
        team_name text,
        joined_at timestamptz NOT NULL DEFAULT now(),
        left_at timestamptz,
        CHECK (left_at IS NULL OR left_at >= joined_at)
      )`);
    await db.query(`CREATE UNIQUE INDEX live_room_visits_open_key ON live_room_visits (session_id, user_id) WHERE left_at IS NULL`);
    await db.query(`CREATE INDEX live_room_visits_session_idx ON live_room_visits (session_id, user_id)`);

    await db.query(`
      CREATE TABLE live_room_hands (
        session_id uuid NOT NULL REFERENCES learning_sessions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        raised_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (session_id, user_id)
      )`);

    await db.query(`
      CREATE TABLE live_room_questions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES learning_sessions(id) ON DELETE CASCADE,
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        anonymous boolean NOT NULL DEFAULT false,
        -- Fixed when asked ("a member of <team>"), as discussions do for anonymous posts.
        anonymous_label text,
        text text NOT NULL,
        answered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX live_room_questions_session_idx ON live_room_questions (session_id, created_at)`);
    await db.query(`
      CREATE TABLE live_room_question_votes (
        question_id uuid NOT NULL REFERENCES live_room_questions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        PRIMARY KEY (question_id, user_id)
      )`);
    await db.query(`
      CREATE TABLE live_room_question_reports (
        question_id uuid NOT NULL REFERENCES live_room_questions(id) ON DELETE CASCADE,
        reporter_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (question_id, reporter_id)
      )`);

    await db.query(`
      CREATE TABLE live_room_polls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES learning_sessions(id) ON DELETE CASCADE,
        question text NOT NULL,
        options jsonb NOT NULL,
        multiple boolean NOT NULL DEFAULT false,
        anonymous boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        revealed boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        closed_at timestamptz
      )`);
    await db.query(`CREATE INDEX live_room_polls_session_idx ON live_room_polls (session_id, created_at)`);
    await db.query(`
      CREATE TABLE live_room_poll_voters (
        poll_id uuid NOT NULL REFERENCES live_room_polls(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        -- Only for named polls; always NULL in an anonymous poll (checked by the service, and here).
        choices smallint[],
        PRIMARY KEY (poll_id, user_id)
      )`);
    await db.query(`
      CREATE TABLE live_room_poll_ballots (
        poll_id uuid NOT NULL REFERENCES live_room_polls(id) ON DELETE CASCADE,
        ballot_key bytea NOT NULL,
        choices smallint[] NOT NULL,
        PRIMARY KEY (poll_id, ballot_key)
      )`);

    await db.query(`
      CREATE TABLE live_room_breakout_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES learning_sessions(id) ON DELETE CASCADE,
        position integer NOT NULL,
        name text NOT NULL,
        UNIQUE (session_id, position)
      )`);
    await db.query(`
      CREATE TABLE live_room_breakout_members (
        session_id uuid NOT NULL REFERENCES learning_sessions(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        group_id uuid NOT NULL REFERENCES live_room_breakout_groups(id) ON DELETE CASCADE,
        PRIMARY KEY (session_id, user_id)
      )`);

    await db.query(`
      CREATE TABLE live_room_messages (
        id bigserial PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES learning_sessions(id) ON DELETE CASCADE,
        -- NULL: the main room; a group: that breakout group's own chat, heard by nobody else.
        group_id uuid REFERENCES live_room_breakout_groups(id) ON DELETE SET NULL,
        kind text NOT NULL CHECK (kind IN ('chat', 'broadcast')),
        author_id uuid REFERENCES users(id) ON DELETE SET NULL,
        author_name text NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX live_room_messages_session_idx ON live_room_messages (session_id, id DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'live_room_messages',
      'live_room_breakout_members',
      'live_room_breakout_groups',
      'live_room_poll_ballots',
      'live_room_poll_voters',
      'live_room_polls',
      'live_room_question_reports',
      'live_room_question_votes',
      'live_room_questions',
      'live_room_hands',
      'live_room_visits',
      'live_room_states',
    ]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
