import type { components } from '$lib/api/schema';

type Schemas = components['schemas'];
export type Lesson = Schemas['LessonDto'];
export type LessonPage = Schemas['LessonPageDto'];
export type Outcome = NonNullable<Lesson['outcome']>;
export type BarrierKind = Lesson['barriers'][number]['kind'];
export type LinkedLesson = Schemas['LinkedLessonDto'];

/** The outcomes in the order a writer chooses among them, each in plain words. */
export const OUTCOMES: { value: Outcome; label: string; hint: string }[] = [
  { value: 'worked', label: 'Worked', hint: 'It did what we hoped.' },
  { value: 'partly_worked', label: 'Partly worked', hint: 'Some of it helped, some did not.' },
  { value: 'did_not_work', label: 'Did not work', hint: 'It made no difference, or made things worse.' },
  { value: 'abandoned', label: 'Abandoned', hint: 'We stopped before we could tell.' },
];

export const outcomeLabel = (outcome: Outcome | null): string => OUTCOMES.find((item) => item.value === outcome)?.label ?? 'Outcome not chosen yet';

export const BARRIER_KINDS: { value: BarrierKind; label: string; hint: string }[] = [
  { value: 'local', label: 'Local', hint: 'our team or organisation could remove it' },
  { value: 'systemic', label: 'Systemic', hint: 'it needs someone higher up, such as the region or the nation' },
];

/** Settings people pick most; any other can be typed. */
export const COMMON_SETTINGS = ['General practice', 'Emergency department', 'Community mental health', 'Community pharmacy', 'Care home', 'Hospital ward'];

export type LessonChoices = Schemas['LessonChoicesDto'];
