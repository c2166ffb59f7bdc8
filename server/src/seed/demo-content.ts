import type { NetworkLevel, NetworkRole, NetworkVisibility } from '../networks/network.rules';

/**
 * The demo a new user lands in: a national learning network for depression and anxiety care in
 * primary care, two regional networks under it, and the practices taking part. All of it is
 * invented for the demo.
 */

export const DEMO_PASSWORD = 'knotwork-demo';

export interface DemoPerson {
  key: string;
  email: string;
  displayName: string;
  organisation: string;
  /** What the login shows off, printed at start. */
  what: string;
}

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    key: 'nadia',
    email: 'nadia.okafor@example.org',
    displayName: 'Nadia Okafor',
    organisation: 'National programme lead',
    what: 'admin of the national network',
  },
  {
    key: 'tomas',
    email: 'tomas.lindqvist@example.org',
    displayName: 'Tomás Lindqvist',
    organisation: 'Improvement adviser',
    what: 'coach, national and Northern region',
  },
  {
    key: 'priya',
    email: 'priya.raman@example.org',
    displayName: 'Dr Priya Raman',
    organisation: 'Consultant psychiatrist, Coastal region',
    what: 'admin of the Coastal region, coach',
  },
  {
    key: 'grace',
    email: 'grace.mwangi@example.org',
    displayName: 'Grace Mwangi',
    organisation: 'Nurse care manager, Riverside Family Health Centre',
    what: 'member, admin of Riverside',
  },
  {
    key: 'daniel',
    email: 'daniel.reyes@example.org',
    displayName: 'Dr Daniel Reyes',
    organisation: 'General practitioner, Harbourview Medical Practice',
    what: 'member, admin of Harbourview',
  },
  {
    key: 'li',
    email: 'li.chen@example.org',
    displayName: 'Li Chen',
    organisation: 'Clinical pharmacist, Millbrook Community Clinic',
    what: 'member, admin of private Millbrook',
  },
  {
    key: 'aroha',
    email: 'aroha.wilson@example.org',
    displayName: 'Aroha Wilson',
    organisation: 'Practice manager, Saltmarsh Rural Health Cooperative',
    what: 'member, admin of Saltmarsh',
  },
  {
    key: 'sam',
    email: 'sam.taylor@example.org',
    displayName: 'Sam Taylor',
    organisation: 'Patient partner',
    what: 'patient partner (national, Northern region)',
  },
];

type MemberSpec = [person: string, role: NetworkRole, team: string | null, isPatientPartner?: boolean];

/*
 * Teams are care teams inside a network (the people of one practice, ward or region who test
 * changes together), never another network: an organisation with a network of its own is a
 * sub-network. A team's name is seen by everyone who can see its network, so no team of a
 * public network names a private one.
 */

export interface DemoNetwork {
  key: string;
  parent: string | null;
  name: string;
  description: string;
  level: NetworkLevel;
  visibility: NetworkVisibility;
  /** Whether members may post in discussions without peers seeing who wrote it. */
  allowAnonymousPosts?: boolean;
  teams: string[];
  /** The first member is recorded as the creator. */
  members: MemberSpec[];
}

export const DEMO_NETWORKS: DemoNetwork[] = [
  {
    key: 'national',
    parent: null,
    name: 'Mental Health in Primary Care: National Learning Network',
    description:
      'Practices across the country working to find, treat and follow up depression and anxiety in primary care. ' +
      'We share what we try each month, including what did not work, and meet every quarter in a learning session. ' +
      'Our aim: by the end of next year, half of adults with a positive depression screen in member practices ' +
      'improve by at least 50% on the PHQ-9 within six months.',
    level: 'national',
    visibility: 'public',
    // Teams share tests that failed here; some only do so when peers cannot see who wrote it.
    allowAnonymousPosts: true,
    teams: ['Riverside care team', 'Harbourview care team', 'Northern pharmacists', 'Coastal outreach team'],
    members: [
      ['nadia', 'admin', null],
      ['tomas', 'coach', null],
      ['priya', 'coach', null],
      ['grace', 'member', 'Riverside care team'],
      ['daniel', 'member', 'Harbourview care team'],
      ['li', 'member', 'Northern pharmacists'],
      ['aroha', 'member', 'Coastal outreach team'],
      ['sam', 'member', null, true],
    ],
  },
  {
    key: 'northern',
    parent: 'national',
    name: 'Northern Region Mental Health Collaborative',
    description:
      'The northern practices of the national network. We pool our registry data, share a care-manager ' +
      'training day, and take the barriers no single practice can remove to the regional health board.',
    level: 'subnational',
    visibility: 'public',
    teams: ['Riverside care team', 'Northern pharmacists'],
    members: [
      ['nadia', 'admin', null],
      ['tomas', 'coach', null],
      ['grace', 'member', 'Riverside care team'],
      ['li', 'member', 'Northern pharmacists'],
      ['sam', 'member', null, true],
    ],
  },
  {
    key: 'coastal',
    parent: 'national',
    name: 'Coastal Region Mental Health Collaborative',
    description:
      'Rural and coastal practices, many without a psychiatrist nearby. We test remote case review with a consulting ' +
      'psychiatrist and telephone follow-up for people who live far from the clinic.',
    level: 'subnational',
    visibility: 'public',
    teams: ['Harbourview care team', 'Coastal outreach team'],
    members: [
      ['priya', 'admin', null],
      ['nadia', 'admin', null],
      ['daniel', 'member', 'Harbourview care team'],
      ['aroha', 'member', 'Coastal outreach team'],
    ],
  },
  {
    key: 'riverside',
    parent: 'northern',
    name: 'Riverside Family Health Centre',
    description: 'A city practice of 14,000 patients. Our improvement team meets every Tuesday lunchtime.',
    level: 'organisation',
    visibility: 'public',
    teams: ['Care coordination', 'Reception and booking'],
    members: [
      ['grace', 'admin', 'Care coordination'],
      ['tomas', 'coach', null],
      ['sam', 'member', null, true],
    ],
  },
  {
    key: 'millbrook',
    parent: 'northern',
    name: 'Millbrook Community Clinic',
    description: 'A community clinic. This space is private to our own staff while we get started.',
    level: 'organisation',
    visibility: 'private',
    teams: ['Pharmacy and prescribing'],
    members: [
      ['li', 'admin', 'Pharmacy and prescribing'],
      ['nadia', 'member', null],
    ],
  },
  {
    key: 'harbourview',
    parent: 'coastal',
    name: 'Harbourview Medical Practice',
    description: 'A harbour-town practice with two GPs and a visiting mental-health nurse.',
    level: 'organisation',
    visibility: 'public',
    teams: ['Clinical team'],
    members: [
      ['daniel', 'admin', 'Clinical team'],
      ['priya', 'coach', null],
    ],
  },
  {
    key: 'saltmarsh',
    parent: 'coastal',
    name: 'Saltmarsh Rural Health Cooperative',
    description: 'Three small rural clinics run as one cooperative; many patients live an hour or more away.',
    level: 'organisation',
    visibility: 'public',
    teams: ['Main clinic team', 'Outreach nurses'],
    members: [
      ['aroha', 'admin', 'Main clinic team'],
      ['priya', 'coach', null],
    ],
  },
];
