import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { networkAllowsSql } from '../networks/network-access.sql';
import type { NetworkLevel } from '../networks/network.rules';
import { preparedRead } from '../platform/prepared-read';

const READABLE_NETWORKS = `
  SELECT n.id, n.name, n.level
    FROM networks n
    LEFT JOIN memberships m ON m.network_id = n.id AND m.user_id = $1
   WHERE ${networkAllowsSql('read', { visibility: 'n.visibility', role: 'm.role' })}`;

export interface ReadableNetwork {
  id: string;
  name: string;
  level: NetworkLevel;
}

/**
 * The networks a person may read right now, asked of PostgreSQL at every search: a membership
 * ended or a network made private a moment ago is already out of the next answer.
 */
@Injectable()
export class SearchAccessRepository {
  constructor(private readonly dataSource: DataSource) {}

  readableBy(userId: string): Promise<ReadableNetwork[]> {
    // A prepared statement: every search asks it, and it costs PostgreSQL more to plan than to run.
    return preparedRead<ReadableNetwork>(this.dataSource, READABLE_NETWORKS, [userId]);
  }
}
