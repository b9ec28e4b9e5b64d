import { expect } from 'chai';
import bcrypt from 'bcryptjs';
import { PasswordHasher, generatePassword, prehash } from '../../../../services/api/auth/passwords';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(4);
  after(() => hasher.close());

  it('hashes with the configured cost and verifies only the same password', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).to.match(/^\$2[aby]\$04\$/);
    expect(await hasher.verify('correct horse', hash)).to.equal(true);
    expect(await hasher.verify('correct horsE', hash)).to.equal(false);
  });

  it('lets every character count past bcrypt’s 72-byte limit', async () => {
    const base = 'a'.repeat(100);
    const hash = await hasher.hash(`${base}1`);
    expect(await hasher.verify(`${base}2`, hash)).to.equal(false);
    expect(await hasher.verify(`${base}1`, hash)).to.equal(true);
    // What the prehash guards against: plain bcrypt cannot tell these apart.
    const plain = bcrypt.hashSync(`${base}1`, 4);
    expect(bcrypt.compareSync(`${base}2`, plain)).to.equal(true);
  });

  it('prehashes to 44 ASCII bytes, under bcrypt’s limit and free of NUL', () => {
    for (const pw of ['short', 'é'.repeat(256), '\u0000abc']) {
      const p = prehash(pw);
      expect(Buffer.byteLength(p)).to.equal(44);
      expect(p).to.not.include('\u0000');
    }
  });

  it('does the bcrypt work off the event loop: it keeps turning while a costly hash runs', async () => {
    const costly = new PasswordHasher(8);
    try {
      let turns = 0;
      let done = false;
      const spin = () => {
        turns++;
        if (!done) setImmediate(spin);
      };
      setImmediate(spin);
      // bcrypt on this thread would hold the loop for the whole hash: not a single turn before it ends.
      await Promise.all([costly.hash('one one one'), costly.verifyNothing('two two two')]);
      done = true;
      expect(turns).to.be.at.least(10);
    } finally {
      await costly.close();
    }
  });

  it('generates distinct temporary passwords of at least 16 characters', () => {
    const a = generatePassword();
    expect(a).to.have.length.at.least(16);
    expect(a).to.not.equal(generatePassword());
  });
});
