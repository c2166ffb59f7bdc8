import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two networks at the same level under the same parent may not share a name (case and surrounding
 * spaces aside): people pick a network from a list by its name. A unique index, not a check in
 * the service, so that two requests creating the same name at once cannot both succeed. Networks
 * without a parent form one group per level. Only public networks take part: a refusal would tell
 * whoever tried a private network's name that it exists (even an admin of its parent who is not
 * its member), and a private network is invisible to non-members.
 */
const IN_SCOPE = `visibility = 'public'`;

export class NetworkSiblingNames1764003000000 implements MigrationInterface {
  name = 'NetworkSiblingNames1764003000000';

  async up(db: QueryRunner): Promise<void> {
    // Names that already clash get a number, oldest first keeping its name, so that the index can be built.
    await db.query(`
      WITH numbered AS (
        SELECT id, row_number() OVER (
                 PARTITION BY coalesce(parent_id, '00000000-0000-0000-0000-000000000000'), level, lower(btrim(name))
                 ORDER BY created_at, id) AS position
          FROM networks WHERE ${IN_SCOPE}
      )
      UPDATE networks n SET name = btrim(n.name) || ' (' || numbered.position || ')'
        FROM numbered WHERE numbered.id = n.id AND numbered.position > 1`);
    // The nil UUID stands for "no parent", so that top-level networks are one group (NULLs never clash).
    await db.query(`
      CREATE UNIQUE INDEX networks_sibling_name_key
          ON networks (coalesce(parent_id, '00000000-0000-0000-0000-000000000000'), level, lower(btrim(name)))
       WHERE ${IN_SCOPE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX networks_sibling_name_key`);
  }
}
