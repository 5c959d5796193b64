import { expect } from 'chai';
import { parseCommand } from '../support/features.js';

describe('typed commands', () => {
  it('understands Norwegian and English words for every command', () => {
    expect(parseCommand('hjelp')).to.equal('help');
    expect(parseCommand('Help')).to.equal('help');
    expect(parseCommand('bli med')).to.equal('join');
    expect(parseCommand('join')).to.equal('join');
    expect(parseCommand('medlemmer')).to.equal('members');
    expect(parseCommand('members')).to.equal('members');
    expect(parseCommand('nettverkskanal')).to.equal('networkChannel');
    expect(parseCommand('network channel')).to.equal('networkChannel');
    expect(parseCommand('enheter')).to.equal('units');
    expect(parseCommand('units')).to.equal('units');
  });
  it('tolerates case, extra spaces, a leading slash, trailing punctuation and leftover markup', () => {
    expect(parseCommand('  BLI   MED! ')).to.equal('join');
    expect(parseCommand('/hjelp')).to.equal('help');
    expect(parseCommand('<p>medlemmer</p>')).to.equal('members');
    expect(parseCommand('members.')).to.equal('members');
  });
  it('returns undefined for anything else', () => {
    expect(parseCommand('')).to.equal(undefined);
    expect(parseCommand(undefined)).to.equal(undefined);
    expect(parseCommand('kan du hjelpe meg med en sak')).to.equal(undefined);
  });
});
