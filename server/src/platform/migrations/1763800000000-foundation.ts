import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        organisation text,
        password_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_lower CHECK (email = lower(email))
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);

    await db.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        user_agent text,
        client_address text
      )`);
    await db.query(`CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash)`);
    await db.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`);

    // Fixed-window counters for rate limits, kept in PostgreSQL so that every instance behind
    // a load balancer counts the same attempts.
    await db.query(`
      CREATE TABLE rate_limit_counters (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (key, window_start)
      )`);

    await db.query(`
      CREATE TABLE networks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        level text NOT NULL CHECK (level IN ('organisation', 'subnational', 'national', 'global')),
        visibility text NOT NULL CHECK (visibility IN ('public', 'private')),
        parent_id uuid REFERENCES networks(id) ON DELETE RESTRICT,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT networks_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    await db.query(`CREATE INDEX networks_parent_id_idx ON networks (parent_id)`);
    await db.query(`CREATE INDEX networks_public_name_idx ON networks (name) WHERE visibility = 'public'`);

    await db.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX teams_network_name_key ON teams (network_id, lower(name))`);

    await db.query(`
      CREATE TABLE memberships (
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('member', 'coach', 'admin')),
        is_patient_partner boolean NOT NULL DEFAULT false,
        team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
        joined_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (network_id, user_id)
      )`);
    await db.query(`CREATE INDEX memberships_user_id_idx ON memberships (user_id)`);
    await db.query(`CREATE INDEX memberships_team_id_idx ON memberships (team_id)`);

    await db.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        network_id uuid NOT NULL REFERENCES networks(id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('member', 'coach', 'admin')),
        email text,
        created_by uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_count integer NOT NULL DEFAULT 0,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash)`);
    await db.query(`CREATE INDEX invitations_network_id_idx ON invitations (network_id)`);

    // Marks that the demo has been seeded once, so that a later start never seeds again.
    await db.query(`
      CREATE TABLE platform_state (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['platform_state', 'invitations', 'memberships', 'teams', 'networks', 'rate_limit_counters', 'sessions', 'users']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
