import { count, waitOf, withArticle } from './words';

describe('count', () => {
  it('says one thing in the singular and any other number in the plural', () => {
    expect(count(1, 'member')).toBe('1 member');
    expect(count(0, 'member')).toBe('0 members');
    expect(count(5, 'minute')).toBe('5 minutes');
    expect(count(3, 'person', 'people')).toBe('3 people');
  });
});

describe('withArticle', () => {
  it('uses "an" before a vowel sound and "a" otherwise', () => {
    expect(withArticle('organisation network')).toBe('an organisation network');
    expect(withArticle('Organisation')).toBe('an Organisation');
    expect(withArticle('national network')).toBe('a national network');
    expect(withArticle('regional network')).toBe('a regional network');
    expect(withArticle('global network')).toBe('a global network');
    expect(withArticle('subnational network')).toBe('a subnational network');
  });
});

describe('waitOf', () => {
  it('says seconds under a minute (at least one) and whole minutes, rounded up, from there', () => {
    expect(waitOf(0.2)).toBe('1 second');
    expect(waitOf(30)).toBe('30 seconds');
    expect(waitOf(60)).toBe('1 minute');
    expect(waitOf(61)).toBe('2 minutes');
    expect(waitOf(3600)).toBe('60 minutes');
  });
});
