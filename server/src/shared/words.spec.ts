import { count, listOfNames, withArticle } from './words';

describe('count', () => {
  it('says one thing in the singular and any other number in the plural', () => {
    expect(count(1, 'member')).toBe('1 member');
    expect(count(0, 'member')).toBe('0 members');
    expect(count(5, 'minute')).toBe('5 minutes');
    expect(count(3, 'person', 'people')).toBe('3 people');
  });
});

describe('listOfNames', () => {
  it('joins names with commas and a last "and"', () => {
    expect(listOfNames([])).toBe('');
    expect(listOfNames(['Ada'])).toBe('Ada');
    expect(listOfNames(['Ada', 'Ben'])).toBe('Ada and Ben');
    expect(listOfNames(['Ada', 'Ben', 'Chloe'])).toBe('Ada, Ben and Chloe');
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
