import { passwordWeakness, personalWords } from './password-strength';

describe('password strength', () => {
  it('takes a name and an email apart the way a guesser would', () => {
    expect(personalWords(['Maria Santos', 'maria.santos+knotwork@example.org']).sort()).toEqual(
      ['knotwork', 'maria', 'maria santos', 'maria.santos+knotwork', 'maria.santos+knotwork@example.org', 'mariasantos', 'mariasantosknotwork', 'santos'].sort(),
    );
  });

  it.each([
    ['mariasantos1', 'the name run together, with a digit'],
    ['maria.santos', "the email's name part"],
  ])('refuses %s (%s) for Maria Santos, saying it contains her name or email', (password) => {
    expect(passwordWeakness('password', password, ['Maria Santos', 'maria.santos@example.org'])).toMatch(/^password contains your name or email address/);
  });

  it('accepts a short sentence of unrelated words, and the same password for someone else', () => {
    expect(passwordWeakness('password', 'copper kettle seventeen lanterns', ['Maria Santos', 'maria.santos@example.org'])).toBeNull();
    expect(passwordWeakness('password', 'mariasantos1', ['Tomás Lindqvist', 'tomas@example.org'])).toBeNull();
  });
});
