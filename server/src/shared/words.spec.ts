import { count, inLabelWords, listOfNames, waitOf, withArticle } from './words';

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

describe('inLabelWords', () => {
  it("starts a field's message with the form's label instead of the field's name", () => {
    expect(inLabelWords('displayName must be 1 to 80 characters', 'displayName', 'Your name')).toBe('Your name must be 1 to 80 characters');
    expect(inLabelWords('email must be a valid email address', 'email', 'Email')).toBe('Email must be a valid email address');
    expect(inLabelWords('parentId must be a UUID', 'parentId', 'Part of')).toBe('Part of must be a UUID');
  });

  it('says "That" where the label would name the same thing twice in one sentence', () => {
    expect(inLabelWords('currentPassword is not your current password.', 'currentPassword', 'Current password')).toBe('That is not your current password.');
    expect(inLabelWords('password is a commonly used password, so it is among the first anyone would try. Try a short sentence.', 'password', 'Password')).toBe(
      'That is a commonly used password, so it is among the first anyone would try. Try a short sentence.',
    );
    expect(inLabelWords('newPassword is one of the most common passwords, so it is among the first anyone would try.', 'newPassword', 'New password')).toBe(
      'That is one of the most common passwords, so it is among the first anyone would try.',
    );
  });

  it('keeps the label when the name comes up again only in a later sentence, or the sentence is not about what the value is', () => {
    expect(
      inLabelWords('name is already used by another network at this level that is not part of a larger network. Choose a different name.', 'name', 'Name'),
    ).toBe('Name is already used by another network at this level that is not part of a larger network. Choose a different name.');
    expect(inLabelWords('password is a row of keys next to each other, which is easy to guess.', 'password', 'Password')).toBe(
      'Password is a row of keys next to each other, which is easy to guess.',
    );
    expect(inLabelWords('teamId does not name a team in this network.', 'teamId', 'Team')).toBe('Team does not name a team in this network.');
  });

  it('leaves a message that does not start with the field as it is', () => {
    expect(inLabelWords('Too many wrong current passwords. Please wait a minute and try again.', 'currentPassword', 'Current password')).toBe(
      'Too many wrong current passwords. Please wait a minute and try again.',
    );
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
