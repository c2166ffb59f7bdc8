import { formatDateTime } from '../shared/dates';
import { keptBeforeRestoreName } from './change-package-history.service';

describe('the version kept before a restore', () => {
  it('names the version it came before, in quotes', () => {
    expect(keptBeforeRestoreName({ name: 'As agreed in March', createdAt: new Date('2026-03-12T10:00:00Z') })).toBe('Before restoring ‘As agreed in March’');
  });

  it('dates an automatic checkpoint the way the history lists dates, not as a machine timestamp', () => {
    const createdAt = new Date('2026-11-30T14:59:00Z');
    const name = keptBeforeRestoreName({ name: null, createdAt });
    expect(name).toBe(`Before restoring the checkpoint of ${formatDateTime(createdAt)}`);
    expect(name).toMatch(/^Before restoring the checkpoint of \d{1,2} [A-Z][a-z]{2,3} 2026, \d{2}:\d{2}$/);
    expect(name).not.toMatch(/UTC|2026-11-30/);
  });
});
