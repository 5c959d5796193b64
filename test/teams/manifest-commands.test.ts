import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseCommand } from '../support/features.js';

const read = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../manifest/${file}`, import.meta.url), 'utf8'));

describe('the manifest and the command parser agree', () => {
  it('understands every command title of the manifest (English)', () => {
    const manifest = read('manifest.template.json') as {
      bots: { commandLists: { commands: { title: string }[] }[] }[];
    };
    const titles = manifest.bots.flatMap((b) =>
      b.commandLists.flatMap((l) => l.commands.map((c) => c.title)),
    );
    expect(titles).not.to.be.empty;
    for (const title of titles) expect(parseCommand(title), title).to.be.a('string');
  });

  it('understands every localized command title (Norwegian): Teams sends the title the person picked', () => {
    const localized = read('nb-no.json') as Record<string, string>;
    const titles = Object.entries(localized)
      .filter(([key]) => /commandLists\[\d+\]\.commands\[\d+\]\.title$/.test(key))
      .map(([, value]) => value);
    expect(titles).not.to.be.empty;
    for (const title of titles) expect(parseCommand(title), title).to.be.a('string');
  });
});
