import { Client } from 'pg';
import { networkAllowsSql } from '../../server/src/networks/network-access.sql';
import { NETWORK_ACTIONS, NETWORK_ROLES, NETWORK_VISIBILITIES, decideNetworkAccess } from '../../server/src/networks/network.rules';
import { freshDatabase } from '../support/server';

/** The SQL twins of the access rule, run by PostgreSQL, agree with the rule for every case. */
it('list filters allow exactly what decideNetworkAccess allows, for every visibility × role × action', async () => {
  const db = new Client({ connectionString: await freshDatabase() });
  await db.connect();
  try {
    const cases = NETWORK_VISIBILITIES.flatMap((visibility) => [...NETWORK_ROLES, null].map((role) => ({ visibility, role })));
    for (const action of NETWORK_ACTIONS) {
      const { rows } = await db.query(
        `SELECT c.visibility, c.role, ${networkAllowsSql(action, { visibility: 'c.visibility', role: 'c.role' })} AS allowed
           FROM unnest($1::text[], $2::text[]) AS c(visibility, role)`,
        [cases.map((c) => c.visibility), cases.map((c) => c.role)],
      );
      const fromSql = rows.map((row) => ({ action, visibility: row.visibility, role: row.role, allowed: row.allowed === true }));
      const fromRule = cases.map(({ visibility, role }) => ({ action, visibility, role, allowed: decideNetworkAccess(visibility, role, action) === 'allow' }));
      expect(fromSql).toEqual(fromRule);
    }
  } finally {
    await db.end();
  }
});
