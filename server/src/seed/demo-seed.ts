import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import * as Y from 'yjs';
import { writeChangePackage } from '../shared/change-package.document';
import { documentNameOf } from '../change-packages/change-packages.repository';
import { DEMO_CHANGE_PACKAGE } from './demo-change-package';
import { hashPassword } from '../auth/passwords';
import type { NetworkLevel, NetworkRole, NetworkVisibility } from '../networks/network.rules';
import { DEMO_NETWORKS, DEMO_PASSWORD, DEMO_PEOPLE } from './demo-content';

export interface SeedResult {
  createdNow: boolean;
  password: string;
  logins: { email: string; what: string }[];
}

const SEED_KEY = 'demo_seeded';

async function insertNetwork(
  manager: EntityManager,
  network: { name: string; description: string; level: NetworkLevel; visibility: NetworkVisibility },
  parentId: string | null,
  createdBy: string,
): Promise<string> {
  const [{ id }]: { id: string }[] = await manager.query(
    `INSERT INTO networks (name, description, level, visibility, parent_id, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [network.name, network.description, network.level, network.visibility, parentId, createdBy],
  );
  return id;
}

/**
 * Seeds the demo learning network on the first start only. A row in platform_state records
 * that it was done, so a later start (or an admin who deleted demo data) is never re-seeded.
 */
export async function seedDemoOnce(dataSource: DataSource): Promise<SeedResult> {
  const logger = new Logger('DemoSeed');
  const logins = DEMO_PEOPLE.map((person) => ({ email: person.email, what: person.what }));
  const createdNow = await dataSource.transaction(async (manager) => {
    // Two instances starting at once must not both seed.
    await manager.query(`LOCK TABLE platform_state IN EXCLUSIVE MODE`);
    const done: unknown[] = await manager.query(`SELECT 1 FROM platform_state WHERE key = $1`, [SEED_KEY]);
    if (done.length > 0) return false;

    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const userIds = new Map<string, string>();
    for (const person of DEMO_PEOPLE) {
      const [{ id }]: { id: string }[] = await manager.query(
        `INSERT INTO users (email, display_name, organisation, password_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`,
        [person.email, person.displayName, person.organisation, passwordHash],
      );
      userIds.set(person.key, id);
    }

    const networkIds = new Map<string, string>();
    for (const network of DEMO_NETWORKS) {
      const parentId = network.parent ? networkIds.get(network.parent)! : null;
      const id = await insertNetwork(manager, network, parentId, userIds.get(network.members[0][0])!);
      networkIds.set(network.key, id);

      const teamIds = new Map<string, string>();
      for (const team of network.teams) {
        const [{ id: teamId }]: { id: string }[] = await manager.query(
          `INSERT INTO teams (network_id, name) VALUES ($1, $2) RETURNING id`,
          [id, team],
        );
        teamIds.set(team, teamId);
      }
      for (const [personKey, role, team, isPatientPartner] of network.members) {
        await manager.query(
          `INSERT INTO memberships (network_id, user_id, role, team_id, is_patient_partner) VALUES ($1, $2, $3, $4, $5)`,
          [id, userIds.get(personKey), role satisfies NetworkRole, team ? teamIds.get(team) : null, isPatientPartner ?? false],
        );
      }
    }
    // The national network's change package: the document's first update, authored by its admin.
    const doc = new Y.Doc();
    writeChangePackage(doc, DEMO_CHANGE_PACKAGE);
    const packageId = randomUUID();
    const documentName = documentNameOf(packageId);
    await manager.query(`INSERT INTO change_packages (id, network_id, title, document_name, created_by) VALUES ($1, $2, $3, $4, $5)`, [
      packageId,
      networkIds.get('national'),
      DEMO_CHANGE_PACKAGE.title,
      documentName,
      userIds.get('nadia'),
    ]);
    await manager.query(`INSERT INTO collab_updates (document_name, update, author_id) VALUES ($1, $2, $3)`, [
      documentName,
      Buffer.from(Y.encodeStateAsUpdate(doc)),
      userIds.get('nadia'),
    ]);

    await manager.query(`INSERT INTO platform_state (key, value) VALUES ($1, $2)`, [
      SEED_KEY,
      JSON.stringify({ at: new Date().toISOString() }),
    ]);
    return true;
  });
  if (createdNow) logger.log(`Seeded the demo: ${DEMO_NETWORKS.length} networks, ${DEMO_PEOPLE.length} people.`);
  return { createdNow, password: DEMO_PASSWORD, logins };
}
