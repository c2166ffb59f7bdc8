// The search benchmark's corpus: a fixed-seed generator of networks, people, memberships,
// lessons (with barriers and tags), threads and posts, written in the language quality-
// improvement teams use (PDSA, A&E, ED, GP, DNA, SPC, run charts...). The same seed always gives
// the same corpus, ids included, so that two runs measure the same data.
//
// Each lesson is assembled from a topic (what the team worked on), a setting, a change idea,
// what happened and why for its outcome, and general improvement phrases, so that documents
// share vocabulary the way real ones do (a query for "falls" matches thousands, with different
// degrees of relevance) without being copies of each other.

/** mulberry32: small, fast and the same on every machine. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (list) => list[int(list.length)];
  const chance = (p) => next() < p;
  const some = (list, min, max) => {
    const count = min + int(max - min + 1);
    const copy = [...list];
    const chosen = [];
    while (chosen.length < count && copy.length > 0) chosen.push(copy.splice(int(copy.length), 1)[0]);
    return chosen;
  };
  const weighted = (entries) => {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = next() * total;
    for (const [value, weight] of entries) if ((roll -= weight) < 0) return value;
    return entries.at(-1)[0];
  };
  /** A version-4-shaped uuid from the seeded stream, so that ids too are fixed by the seed. */
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => int(16).toString(16));
    hex[12] = '4';
    hex[16] = '89ab'[int(4)];
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  };
  return { next, int, pick, chance, some, weighted, uuid };
}

export const SETTINGS = [
  'general practice',
  'emergency department',
  'community mental health',
  'care home',
  'acute medical ward',
  'intensive care unit',
  'maternity unit',
  'community pharmacy',
  'district nursing',
  'outpatient clinic',
  'paediatric ward',
  'hospice',
];

/**
 * What teams work on. Each topic: its words for titles, the settings it happens in, change
 * ideas (what was tried), the measure it moves, its populations, barriers, and tags.
 */
const TOPICS = [
  {
    key: 'dna',
    subjects: ['missed appointments', 'DNA rates', 'did-not-attend appointments', 'no-shows at clinic'],
    settings: ['general practice', 'outpatient clinic', 'community mental health'],
    ideas: ['SMS reminders 48 hours before each appointment', 'a phone call the day before for patients who missed two appointments', 'offering evening and Saturday slots', 'letting patients rebook by text reply', 'a named clerk calling back every DNA within a day'],
    measure: 'the DNA rate',
    populations: ['adults with diabetes', 'young people aged 16-25', 'patients on the depression register', 'new referrals', 'people experiencing homelessness'],
    barriers: ['the text messaging contract covered only one practice', 'phone numbers on the system were out of date', 'the booking system could not hold slots open', 'reception staff were already stretched', 'national appointment rules did not allow double booking'],
    tags: ['dna', 'appointments', 'access', 'reminders'],
  },
  {
    key: 'ed-flow',
    subjects: ['four-hour waits in A&E', 'ED crowding', 'time to triage', 'handover delays from ambulances', 'waits in the emergency department'],
    settings: ['emergency department', 'acute medical ward'],
    ideas: ['a senior clinician at the front door doing rapid assessment', 'streaming walk-in patients to a GP in the department', 'a discharge lounge opened at 8 a.m.', 'a fit-to-sit area for ambulant majors', 'hourly board rounds with the bed manager'],
    measure: 'the share of patients seen within four hours',
    populations: ['older adults arriving by ambulance', 'walk-in patients with minor injuries', 'patients referred by their GP', 'frail patients over 75'],
    barriers: ['no beds on the wards to move patients into', 'the rota had no senior decision-maker overnight', 'the four-hour target pushed people into corridors', 'social care packages took days to arrange', 'the regional ambulance service measured handover differently'],
    tags: ['flow', 'a&e', 'ed', 'waiting-times', 'triage'],
  },
  {
    key: 'sepsis',
    subjects: ['sepsis screening', 'time to antibiotics in sepsis', 'recognising sepsis early', 'the sepsis six bundle'],
    settings: ['emergency department', 'acute medical ward', 'maternity unit', 'paediatric ward'],
    ideas: ['a sepsis screening tool on the triage form', 'a sepsis trolley with antibiotics and blood culture bottles', 'an electronic alert when NEWS2 reaches 5', 'nurse-initiated antibiotics under a patient group direction', 'a sepsis champion on every shift'],
    measure: 'the share of patients given antibiotics within one hour',
    populations: ['adults with suspected infection', 'women in the postnatal period', 'children with fever', 'patients on chemotherapy'],
    barriers: ['antibiotics were kept in a locked cupboard on another floor', 'the electronic record could not raise alerts', 'junior doctors rotated every four months', 'the national screening tool changed mid-project'],
    tags: ['sepsis', 'patient-safety', 'deterioration', 'antibiotics'],
  },
  {
    key: 'falls',
    subjects: ['falls', 'falls with harm', 'falls at night', 'falls prevention'],
    settings: ['care home', 'acute medical ward', 'district nursing', 'hospice'],
    ideas: ['a falls risk assessment on admission', 'bay nursing so one staff member is always in the bay', 'low beds and crash mats for residents at high risk', 'a medication review for drugs that raise falls risk', 'toileting rounds every two hours at night', 'strength and balance classes for residents'],
    measure: 'falls per 1,000 occupied bed days',
    populations: ['residents with dementia', 'older adults after hip fracture', 'patients with delirium', 'people living alone at home'],
    barriers: ['agency staff did not know the residents', 'the building had long corridors with no line of sight', 'sensor mats kept breaking', 'the falls policy was written for hospitals, not care homes'],
    tags: ['falls', 'patient-safety', 'older-people', 'frailty'],
  },
  {
    key: 'depression',
    subjects: ['follow-up after a positive depression screen', 'depression screening', 'PHQ-9 follow-up', 'untreated depression'],
    settings: ['general practice', 'community mental health', 'maternity unit'],
    ideas: ['calling every patient within seven days of a positive PHQ-9', 'a care manager who tracks patients on a registry', 'warm handover to the talking therapies service in the same visit', 'repeating the PHQ-9 at every contact', 'a shared care plan written with the patient'],
    measure: 'the share of patients followed up within 30 days',
    populations: ['adults with a PHQ-9 of 10 or more', 'new mothers', 'older adults with long-term conditions', 'young people leaving care'],
    barriers: ['the waiting list for talking therapies was four months', 'the screening result did not reach the GP', 'patients did not answer calls from withheld numbers', 'no funding for a care manager after the pilot'],
    tags: ['mental-health', 'depression', 'screening', 'follow-up'],
  },
  {
    key: 'crisis',
    subjects: ['crisis plans', 'mental health crisis care', 'repeat attendances in crisis', 'restraint on inpatient wards'],
    settings: ['community mental health', 'emergency department'],
    ideas: ['a crisis plan written with every person on the caseload', 'a 24-hour crisis line staffed by peer workers', 'a safe haven café open in the evenings', 'a mental health liaison nurse in the ED at night', 'debriefs after every restraint'],
    measure: 'repeat crisis presentations within 28 days',
    populations: ['people with a personality disorder diagnosis', 'young people self-harming', 'people under the Mental Health Act', 'frequent attenders'],
    barriers: ['the crisis line number changed twice', 'police and health used different records', 'no section 136 suite in the county', 'commissioners funded the café for six months only'],
    tags: ['mental-health', 'crisis', 'self-harm', 'peer-support'],
  },
  {
    key: 'medicines',
    subjects: ['medication reconciliation', 'medication errors', 'missed doses', 'polypharmacy'],
    settings: ['acute medical ward', 'community pharmacy', 'care home', 'general practice'],
    ideas: ['pharmacist-led reconciliation within 24 hours of admission', 'do-not-disturb tabards on drug rounds', 'structured medication reviews for people on ten or more medicines', 'a discharge medicines service referral to the community pharmacy', 'barcode scanning at the bedside'],
    measure: 'the share of patients with medicines reconciled within 24 hours',
    populations: ['older adults on ten or more medicines', 'residents in nursing homes', 'patients discharged on anticoagulants'],
    barriers: ['hospital and community pharmacy systems could not share records', 'no pharmacist at weekends', 'tabards made staff feel singled out', 'the national contract paid per item, not per review'],
    tags: ['medicines', 'patient-safety', 'pharmacy', 'polypharmacy'],
  },
  {
    key: 'discharge',
    subjects: ['delayed discharge', 'readmissions within 30 days', 'discharge before noon', 'stranded patients'],
    settings: ['acute medical ward', 'district nursing', 'care home'],
    ideas: ['an expected date of discharge set on admission', 'a follow-up phone call 48 hours after discharge', 'discharge to assess for patients waiting for care', 'a red-to-green day review on every board round', 'a transfer of care letter sent the same day'],
    measure: 'the 30-day readmission rate',
    populations: ['patients with heart failure', 'older adults going home alone', 'patients discharged to a care home'],
    barriers: ['social care assessments took weeks', 'transport was booked only after the letter was written', 'the community team had vacancies', 'the care home could not accept weekend discharges'],
    tags: ['flow', 'discharge', 'readmissions', 'transitions'],
  },
  {
    key: 'pressure',
    subjects: ['pressure ulcers', 'pressure injuries', 'skin damage in bed-bound patients'],
    settings: ['care home', 'district nursing', 'acute medical ward', 'intensive care unit'],
    ideas: ['SSKIN bundle checks on every shift', 'repositioning charts at the bedside', 'a tissue viability link nurse in each home', 'pressure-relieving mattresses ordered on admission'],
    measure: 'new pressure ulcers per 1,000 bed days',
    populations: ['residents who cannot move themselves', 'patients in the ICU on ventilators', 'people receiving end-of-life care at home'],
    barriers: ['mattresses took three days to arrive', 'repositioning charts were filled in from memory', 'the equipment service served the whole region from one depot'],
    tags: ['pressure-ulcers', 'patient-safety', 'nursing', 'harm-free-care'],
  },
  {
    key: 'antibiotics',
    subjects: ['antibiotic prescribing', 'antimicrobial stewardship', 'broad-spectrum antibiotics', 'antibiotics for sore throats'],
    settings: ['general practice', 'acute medical ward', 'care home', 'community pharmacy'],
    ideas: ['a 72-hour antibiotic review', 'delayed prescriptions for respiratory infections', 'feedback of prescribing data to each GP', 'point-of-care CRP testing', 'pharmacist switch from IV to oral'],
    measure: 'antibiotic items per 1,000 patients',
    populations: ['adults with respiratory tract infections', 'care home residents with suspected UTI', 'children with earache'],
    barriers: ['patients expected antibiotics', 'locum GPs did not see the feedback', 'the CRP machines needed quality control the practice could not do', 'the national dashboard lagged by three months'],
    tags: ['antibiotics', 'stewardship', 'amr', 'prescribing'],
  },
  {
    key: 'diabetes',
    subjects: ['diabetes foot checks', 'HbA1c control', 'diabetic foot ulcers', 'diabetes reviews'],
    settings: ['general practice', 'community pharmacy', 'district nursing', 'outpatient clinic'],
    ideas: ['foot checks done by healthcare assistants at the annual review', 'group consultations for type 2 diabetes', 'a rapid referral pathway to the foot protection team', 'a diabetes register cleaned every month'],
    measure: 'the share of people with diabetes who had all eight care processes',
    populations: ['adults with type 2 diabetes', 'South Asian communities', 'housebound patients with diabetes'],
    barriers: ['the annual review template did not include feet', 'interpreters were booked weeks ahead', 'the foot protection team covered three districts'],
    tags: ['diabetes', 'long-term-conditions', 'primary-care'],
  },
  {
    key: 'copd',
    subjects: ['COPD admissions', 'COPD rescue packs', 'pulmonary rehabilitation uptake', 'inhaler technique'],
    settings: ['general practice', 'community pharmacy', 'district nursing', 'acute medical ward'],
    ideas: ['rescue packs with a self-management plan', 'inhaler technique checks at the pharmacy', 'a referral to pulmonary rehab before discharge', 'a COPD discharge bundle'],
    measure: 'emergency admissions for COPD per 1,000 patients',
    populations: ['adults with COPD who smoke', 'people with frequent exacerbations'],
    barriers: ['rehab classes were held far from bus routes', 'rescue packs were used for every cough', 'the respiratory nurse post was cut'],
    tags: ['copd', 'respiratory', 'long-term-conditions', 'admissions'],
  },
  {
    key: 'deterioration',
    subjects: ['the deteriorating patient', 'NEWS2 escalation', 'cardiac arrests on the ward', 'missed observations'],
    settings: ['acute medical ward', 'maternity unit', 'paediatric ward', 'care home'],
    ideas: ['NEWS2 recorded on handheld devices', 'a critical care outreach team reviewing every score of 7', 'structured SBAR handover for escalation', 'RESTORE2 in care homes for soft signs'],
    measure: 'the share of patients escalated as the NEWS2 policy requires',
    populations: ['adult inpatients', 'women after caesarean section', 'care home residents'],
    barriers: ['devices ran out of battery on night shifts', 'the outreach team stopped at 8 p.m.', 'care homes had no equipment to take observations'],
    tags: ['deterioration', 'news2', 'patient-safety', 'escalation'],
  },
  {
    key: 'handover',
    subjects: ['handover', 'shift handover', 'safety huddles', 'communication between teams'],
    settings: ['acute medical ward', 'intensive care unit', 'emergency department', 'maternity unit', 'care home'],
    ideas: ['a ten-minute safety huddle at every shift change', 'SBAR for every phone call to a doctor', 'a written handover sheet from the electronic record', 'bedside handover with the patient'],
    measure: 'incidents where information was lost at handover',
    populations: ['all inpatients', 'women in labour', 'residents on end-of-life care'],
    barriers: ['huddles ran over into patient care time', 'night staff arrived at different times', 'the electronic record printed sheets nobody could read'],
    tags: ['handover', 'communication', 'sbar', 'teamwork'],
  },
  {
    key: 'hypertension',
    subjects: ['blood pressure control', 'undiagnosed hypertension', 'hypertension case finding'],
    settings: ['general practice', 'community pharmacy'],
    ideas: ['blood pressure checks in community pharmacies', 'home blood pressure monitors lent by the practice', 'a search for patients with a high reading and no diagnosis', 'text reminders for annual blood pressure checks'],
    measure: 'the share of patients with hypertension treated to target',
    populations: ['adults over 40', 'Black African and Caribbean communities', 'people in deprived areas'],
    barriers: ['monitors were not returned', 'pharmacy readings did not flow into the GP record', 'the practice list had many temporary residents'],
    tags: ['hypertension', 'cardiovascular', 'prevention', 'primary-care'],
  },
  {
    key: 'maternity',
    subjects: ['postpartum haemorrhage', 'smoking in pregnancy', 'continuity of carer', 'term admissions to the neonatal unit'],
    settings: ['maternity unit', 'general practice', 'community pharmacy'],
    ideas: ['quantitative blood loss measurement after every birth', 'carbon monoxide testing at booking with opt-out referral', 'a continuity team for women from deprived areas', 'a PPH emergency box in every room'],
    measure: 'the rate of PPH over 1.5 litres',
    populations: ['women giving birth', 'pregnant smokers', 'women from minority ethnic groups'],
    barriers: ['weighing swabs took time in emergencies', 'the CO monitors had no calibration kits', 'midwife vacancies broke up the continuity teams'],
    tags: ['maternity', 'pph', 'smoking', 'midwifery'],
  },
  {
    key: 'end-of-life',
    subjects: ['advance care planning', 'dying in the preferred place', 'end-of-life care', 'anticipatory medicines'],
    settings: ['hospice', 'care home', 'district nursing', 'general practice'],
    ideas: ['ReSPECT conversations with every resident', 'anticipatory medicines prescribed before a crisis', 'a palliative care register reviewed monthly', 'a 24-hour advice line for families'],
    measure: 'the share of deaths in the preferred place',
    populations: ['residents in their last year of life', 'people with advanced heart failure', 'families caring at home'],
    barriers: ['out-of-hours services could not see the care plan', 'families disagreed with the plan', 'the local pharmacy did not stock end-of-life drugs'],
    tags: ['end-of-life', 'palliative-care', 'advance-care-planning'],
  },
  {
    key: 'hand-hygiene',
    subjects: ['hand hygiene', 'infection control', 'C. difficile infections', 'catheter-associated urinary tract infections'],
    settings: ['acute medical ward', 'intensive care unit', 'care home', 'paediatric ward'],
    ideas: ['hand gel at the foot of every bed', 'peer audits of hand hygiene by patients', 'a catheter passport and a daily "does it need to stay?" question', 'nurse-led catheter removal'],
    measure: 'hand hygiene compliance in observed audits',
    populations: ['inpatients with urinary catheters', 'residents with recurrent UTIs', 'children on the ward'],
    barriers: ['gel dispensers were empty at weekends', 'staff felt audited, not supported', 'the catheter policy belonged to another directorate'],
    tags: ['infection-control', 'hand-hygiene', 'cauti', 'patient-safety'],
  },
];

const OUTCOMES = [
  ['worked', 30],
  ['partly_worked', 30],
  ['did_not_work', 28],
  ['abandoned', 12],
];

const HAPPENED = {
  worked: [
    'After {cycles} PDSA cycles {measure} improved from {before}% to {after}%, and the run chart showed a shift of {shift} points above the median.',
    'The SPC chart showed special cause variation in the right direction within {weeks} weeks; {measure} went from {before}% to {after}%.',
    'Small tests of change with one {role} first, then the whole team: {measure} moved from {before}% to {after}% and stayed there for {weeks} weeks.',
  ],
  partly_worked: [
    'It helped on weekdays but not at weekends: {measure} rose from {before}% to {after}%, with no sustained shift on the run chart.',
    '{measure} improved for the patients it reached, but only {reach}% of eligible patients got it after {cycles} PDSA cycles.',
    'The first {weeks} weeks looked good, then the SPC chart drifted back towards the old mean when the {role} who led it went on leave.',
  ],
  did_not_work: [
    'Nothing changed: the run chart stayed within common cause variation for {weeks} weeks and {measure} stayed near {before}%.',
    'It made things worse: {measure} fell from {before}% to {after}% and the balancing measure showed longer waits elsewhere.',
    'We predicted a rise to {after}% and saw no signal on the SPC chart after {cycles} PDSA cycles; staff stopped doing it by week {weeks}.',
  ],
  abandoned: [
    'We stopped after {cycles} PDSA cycles because the {role} post was vacant and nobody else could run it.',
    'The test was abandoned in week {weeks} when the service was reorganised and the team was split up.',
    'We gave up: the data could not be collected without hand-searching notes, and the measure was not reliable.',
  ],
};

const WHY = {
  worked: [
    'It fitted into work people already did, and the {role} saw the data every week at the huddle.',
    'Patients and families helped design it, so it solved the problem they actually had.',
    'Starting with one {role} on one shift let us fix the problems before scaling up.',
  ],
  partly_worked: [
    'It depended on one enthusiastic {role}; when they were off, it did not happen.',
    'It worked where the team owned it and not where it was imposed from above.',
    'We changed two things at once, so we could not tell which one helped.',
  ],
  did_not_work: [
    'We never tested it small: it was rolled out everywhere at once and nobody could say what went wrong.',
    'The real cause was upstream: {barrier}.',
    'Staff saw it as extra paperwork, and the {role} had no time protected for it.',
    'We measured the wrong thing: the process measure went up but patients did not notice any difference.',
  ],
  abandoned: [
    'Leadership attention moved to winter pressures and the project lost its sponsor.',
    'The barrier was outside our control: {barrier}.',
    'The team ran out of capacity; improvement work was always the first thing dropped.',
  ],
};

const ROLES = ['healthcare assistant', 'staff nurse', 'practice nurse', 'receptionist', 'pharmacist', 'ward manager', 'GP partner', 'registrar', 'care worker', 'peer support worker', 'midwife', 'physiotherapist', 'consultant', 'care coordinator'];
const TITLE_FORMS = [
  '{Idea} to reduce {subject}',
  '{Subject}: what happened when we tried {idea}',
  'Why {idea} did not fix {subject} for us',
  'Testing {idea} in {aSetting}',
  '{Subject} in {aSetting}: {idea}',
  'Lessons from {cycles} PDSA cycles on {subject}',
  'Reducing {subject} with {idea}',
];
const THREAD_TITLES = [
  'Has anyone tried {idea}?',
  'Struggling with {subject} in our {setting}',
  'Measuring {measure}: which operational definition do you use?',
  'Run chart for {subject}: is this a real shift?',
  'Ideas for {subject} over the winter',
  '{Subject}: sharing our PDSA cycles',
];
const POST_BODIES = [
  'We tried {idea} last year in our {setting}. It {verdict}, mostly because {barrier}.',
  'Our run chart for {measure} looks similar. Have you annotated when each PDSA cycle started?',
  'In our {setting} the {role} owns this. We saw {measure} move from {before}% to {after}%.',
  'Worth checking the balancing measure: when we did {idea}, waits went up elsewhere.',
  'Could you share your operational definition of {measure}? Ours counts only {population}.',
  'We abandoned this when {barrier}. Happy to talk it through at the next learning session.',
  'Plus one to testing small. We started with one {role} on one shift.',
];
const VERDICTS = ['worked well', 'half worked', 'did not work', 'was abandoned after two cycles'];
const EXTRA_TAGS = ['pdsa', 'run-chart', 'spc', 'patient-experience', 'workforce', 'equity', 'winter', 'digital', 'co-design', 'spread'];

const PLACE_NAMES = ['Northfield', 'Ashby', 'Kingsmere', 'Riverside', 'Eastgate', 'Hollins', 'Marlow Vale', 'Westbrook', 'Brackley', 'Carrow', 'Dunmore', 'Fenwick', 'Glenholme', 'Harrowden', 'Ivybridge', 'Juniper Hill', 'Kestrel', 'Langley', 'Moorside', 'Newlands', 'Oakham', 'Penrose', 'Queensway', 'Redmarsh', 'Stanton', 'Thornbury', 'Upton', 'Valley', 'Whitcombe', 'Yarrow'];
const REGIONS = ['North West', 'South East', 'Midlands', 'East of England', 'South West', 'North East', 'Yorkshire', 'Highlands', 'Lowlands', 'Western Cape', 'Gauteng', 'Ontario', 'Bavaria', 'Kerala', 'Nairobi County'];
const NATIONS = ['England', 'Scotland', 'Wales', 'Ireland', 'South Africa', 'Canada', 'Germany', 'India', 'Kenya', 'New Zealand', 'Ghana', 'Norway'];
const FIRST_NAMES = ['Amara', 'Ben', 'Chen', 'Dara', 'Elif', 'Femi', 'Grace', 'Hamid', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Maya', 'Nia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sami', 'Tomas', 'Una', 'Vikram', 'Wen', 'Yusuf', 'Zoe'];
const LAST_NAMES = ['Adeyemi', 'Brown', 'Costa', 'Dubois', 'Evans', 'Fischer', 'Gupta', 'Hughes', 'Ibrahim', 'Jones', 'Kowalski', 'Lee', 'Mensah', 'Nakamura', 'Okafor', 'Patel', 'Quigley', 'Rossi', 'Singh', 'Taylor', 'Usman', 'Varga', 'Walsh', 'Xu', 'Young'];

const capitalise = (text) => text[0].toUpperCase() + text.slice(1);

/** Fills {name} from values; {Name} capitalises the value, and so does a value that starts the text. */
const fill = (template, values) =>
  capitalise(
    template.replace(/\{(\w+)\}/g, (_, key) => {
      const value = String(values[key[0].toLowerCase() + key.slice(1)] ?? `{${key}}`);
      return key[0] === key[0].toUpperCase() ? capitalise(value) : value;
    }),
  );

/**
 * The corpus for `size` lessons: about size/10 threads with 3 posts each on average, size/250
 * networks at four levels (about a third private), size/50 people with 1–6 memberships each.
 */
export function generateCorpus({ size = 100_000, seed = 20261130 } = {}) {
  const random = seededRandom(seed);
  const { int, pick, chance, some, weighted, uuid } = random;
  const day = 86_400_000;
  const epoch = Date.UTC(2024, 0, 1);

  const users = [];
  const userCount = Math.max(20, Math.round(size / 50));
  for (let i = 0; i < userCount; i++) {
    const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
    users.push({ id: uuid(), email: `bench-${seed}-${i}@example.test`, displayName: name, createdAt: new Date(epoch + int(300) * day) });
  }

  // Networks: a few global and national ones, regions under nations, organisations under regions.
  const networks = [];
  const networkCount = Math.max(12, Math.round(size / 250));
  const addNetwork = (level, name, parent) => {
    const network = {
      id: uuid(),
      name,
      level,
      // Organisation networks are the ones most often private (a hospital's own improvement team).
      visibility: chance(level === 'organisation' ? 0.45 : level === 'subnational' ? 0.25 : 0.1) ? 'private' : 'public',
      parentId: parent?.id ?? null,
      createdBy: pick(users).id,
      createdAt: new Date(epoch + int(200) * day),
      teams: [],
    };
    networks.push(network);
    return network;
  };
  const globals = [addNetwork('global', 'Global Learning Health Systems Network'), addNetwork('global', 'International Patient Safety Collaborative')];
  const nationals = NATIONS.map((nation) => addNetwork('national', `${nation} Quality Improvement Network`, pick(globals)));
  const subnationals = [];
  for (let i = 0; subnationals.length < Math.max(4, Math.round(networkCount * 0.15)); i++) {
    const nation = nationals[i % nationals.length];
    subnationals.push(addNetwork('subnational', `${REGIONS[i % REGIONS.length]} ${['Improvement Collaborative', 'Patient Safety Network', 'Primary Care Network', 'Mental Health Collaborative'][int(4)]}${i >= REGIONS.length ? ` ${Math.floor(i / REGIONS.length) + 1}` : ''}`, nation));
  }
  for (let i = 0; networks.length < networkCount; i++) {
    const parent = pick(subnationals);
    const kind = pick(['General Practice', 'Hospital', 'Community Mental Health Team', 'Care Home Group', 'Health Centre', 'Maternity Service', 'Community Trust', 'Hospice']);
    addNetwork('organisation', `${PLACE_NAMES[i % PLACE_NAMES.length]} ${kind}${i >= PLACE_NAMES.length ? ` ${Math.floor(i / PLACE_NAMES.length) + 1}` : ''}`, parent);
  }
  for (const network of networks) {
    const teamCount = network.level === 'organisation' ? 1 + int(3) : int(3);
    for (let t = 0; t < teamCount; t++) network.teams.push({ id: uuid(), name: `${pick(['Ward', 'Team', 'Practice', 'Unit'])} ${String.fromCharCode(65 + t)}` });
  }

  // Memberships: 1–6 networks each, mostly organisations; the network's members write its content.
  const memberships = [];
  const membersOf = new Map(networks.map((network) => [network.id, []]));
  for (const user of users) {
    for (const network of some(networks, 1, 6)) {
      const team = network.teams.length > 0 && chance(0.7) ? pick(network.teams) : null;
      const role = weighted([['member', 85], ['coach', 10], ['admin', 5]]);
      memberships.push({ networkId: network.id, userId: user.id, role, teamId: team?.id ?? null });
      membersOf.get(network.id).push({ userId: user.id, team });
    }
  }
  // Where content is written: organisations and regions most, global least.
  const contentNetworks = networks.filter((network) => membersOf.get(network.id).length > 0);
  const networkWeight = { organisation: 6, subnational: 3, national: 2, global: 1 };
  const networkEntries = contentNetworks.map((network) => [network, networkWeight[network.level]]);
  const author = (network) => pick(membersOf.get(network.id));

  const values = (topic, setting) => {
    const before = 20 + int(50);
    return {
      subject: pick(topic.subjects),
      idea: pick(topic.ideas),
      setting,
      aSetting: `${/^[aeiou]/.test(setting) ? 'an' : 'a'} ${setting}`,
      measure: topic.measure,
      population: pick(topic.populations),
      barrier: pick(topic.barriers),
      role: pick(ROLES),
      cycles: 2 + int(9),
      weeks: 4 + int(30),
      shift: 6 + int(8),
      reach: 20 + int(60),
      before,
      after: Math.min(98, before + 5 + int(30)),
    };
  };

  const lessons = [];
  for (let i = 0; i < size; i++) {
    const network = weighted(networkEntries);
    const writer = author(network);
    const topic = pick(TOPICS);
    const setting = chance(0.85) ? pick(topic.settings) : pick(SETTINGS);
    const v = values(topic, setting);
    const outcome = weighted(OUTCOMES);
    const anonymous = chance(0.15);
    const createdAt = new Date(epoch + int(700) * day + int(day));
    const published = chance(0.95);
    const barrierCount = outcome === 'worked' ? int(2) : 1 + int(3);
    const barriers = some(topic.barriers, barrierCount, barrierCount).map((description, position) => ({
      id: uuid(),
      description: chance(0.3) ? `${description}; ${pick(['we raised it with the region', 'it needs a national decision', 'the commissioners know', 'we worked around it locally'])}` : description,
      kind: chance(0.4) ? 'systemic' : 'local',
      position,
    }));
    lessons.push({
      id: uuid(),
      networkId: network.id,
      teamId: writer.team?.id ?? null,
      authorId: writer.userId,
      anonymous,
      anonymousLabel: anonymous ? (writer.team ? `a member of ${writer.team.name}` : 'a member') : null,
      title: fill(pick(TITLE_FORMS), v),
      setting,
      population: chance(0.8) ? v.population : null,
      tried: `${fill('We tested {idea} with {population}.', v)} ${chance(0.5) ? fill('Our aim was to improve {measure} by {shift} percentage points in six months.', v) : fill('The {role} led the first PDSA cycle on one shift.', v)}`,
      happened: fill(pick(HAPPENED[outcome]), v),
      outcome,
      why: fill(pick(WHY[outcome]), v),
      tags: [...new Set([...some(topic.tags, 1, 3), ...(chance(0.4) ? [pick(EXTRA_TAGS)] : [])])],
      status: published ? 'published' : 'draft',
      createdAt,
      updatedAt: new Date(createdAt.getTime() + int(30) * day),
      publishedAt: published ? new Date(createdAt.getTime() + int(3) * day) : null,
      barriers,
    });
  }

  const threads = [];
  const posts = [];
  const threadCount = Math.max(1, Math.round(size / 10));
  for (let i = 0; i < threadCount; i++) {
    const network = weighted(networkEntries);
    const topic = pick(TOPICS);
    const setting = pick(topic.settings);
    const v = values(topic, setting);
    const starter = author(network);
    const anonymous = chance(0.1);
    const createdAt = new Date(epoch + int(700) * day + int(day));
    const thread = {
      id: uuid(),
      networkId: network.id,
      title: fill(pick(THREAD_TITLES), v),
      authorId: starter.userId,
      anonymous,
      anonymousLabel: anonymous ? (starter.team ? `a member of ${starter.team.name}` : 'a member') : null,
      tags: some(topic.tags, 0, 2),
      createdAt,
      postCount: 0,
    };
    threads.push(thread);
    const postCount = 1 + int(5);
    for (let seq = 1; seq <= postCount; seq++) {
      const writer = seq === 1 ? starter : author(network);
      const pv = { ...values(topic, setting), verdict: pick(VERDICTS) };
      const body = seq === 1 ? fill('We are working on {subject} in our {setting} and want to try {idea}. Has anyone measured {measure}?', v) : fill(pick(POST_BODIES), pv);
      const postAnonymous = seq === 1 ? anonymous : chance(0.08);
      posts.push({
        id: uuid(),
        threadId: thread.id,
        seq,
        authorId: writer.userId,
        anonymous: postAnonymous,
        anonymousLabel: postAnonymous ? (writer.team ? `a member of ${writer.team.name}` : 'a member') : null,
        body,
        createdAt: new Date(createdAt.getTime() + seq * 3_600_000),
      });
    }
    thread.postCount = postCount;
  }

  return { seed, size, users, networks, memberships, lessons, threads, posts };
}
