/** Small words the room's panels share. */

export const ROLE_WORDS: Record<string, string> = { admin: 'Admin', coach: 'Coach', member: 'Member' };

/** "4:05" for 245 seconds; "1:02:03" past an hour. */
export function clock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** "3 minutes" for a screen reader's label of a clock. */
export function minutesWords(totalSeconds: number): string {
  const minutes = Math.floor(Math.max(0, totalSeconds) / 60);
  if (minutes === 0) return 'less than a minute';
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export const timeOf = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

export const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
