import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect } from 'chai';
import { type Feature, featureSettings } from '../../../src/app/feature.js';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { settingsSource } from '../../../src/config/feature-settings.js';
import { MEETINGS_SETTINGS, type MeetingsSettings } from '../../../src/features/meetings/meeting-settings.js';

/** Registered as the meetings feature will be: its spec reaches loadConfig through the feature list. */
const meetings: Feature = { name: 'meetings', settings: MEETINGS_SETTINGS };
const SECRET = 'a-calendar-link-secret-of-40-bytes-xxxxx';

function load(env: Record<string, string>): MeetingsSettings {
  return loadConfig(env, featureSettings([meetings])).features.get(MEETINGS_SETTINGS) as MeetingsSettings;
}

function problems(env: Record<string, string>): readonly string[] {
  try {
    load(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  expect.fail('the configuration was accepted');
}

describe('meetings settings: calendar links', () => {
  it('without either setting there are no calendar links (also when no settings were loaded)', () => {
    expect(load({})).to.deep.equal({});
    expect(load({ CALENDAR_LINK_SECRET: '  ', PUBLIC_BASE_URL: '' })).to.deep.equal({});
    expect(settingsSource(new Map()).of(MEETINGS_SETTINGS)).to.deep.equal({});
  });

  it('with both, links are made from the secret and the origin (trailing slash dropped)', () => {
    expect(
      load({ CALENDAR_LINK_SECRET: SECRET, PUBLIC_BASE_URL: 'https://mh-bot.example.org/' }),
    ).to.deep.equal({
      calendar: { secret: SECRET, baseUrl: 'https://mh-bot.example.org' },
    });
    expect(
      load({ CALENDAR_LINK_SECRET: SECRET, PUBLIC_BASE_URL: 'https://MH-bot.example.org:8443' }).calendar
        ?.baseUrl,
    ).to.equal('https://mh-bot.example.org:8443');
  });

  it('one without the other is a problem, named for the one missing', () => {
    expect(problems({ CALENDAR_LINK_SECRET: SECRET })).to.deep.equal([
      'PUBLIC_BASE_URL: must be set together with CALENDAR_LINK_SECRET (or leave both unset: no calendar links)',
    ]);
    expect(problems({ PUBLIC_BASE_URL: 'https://mh-bot.example.org' })).to.deep.equal([
      'CALENDAR_LINK_SECRET: must be set together with PUBLIC_BASE_URL (or leave both unset: no calendar links)',
    ]);
  });

  it('a secret shorter than 32 bytes is a problem, reported without its value, with the core’s problems', () => {
    const short = 'x'.repeat(31);
    const found = problems({
      PORT: 'x',
      CALENDAR_LINK_SECRET: short,
      PUBLIC_BASE_URL: 'https://mh-bot.example.org',
    });
    expect(found).to.have.length(2);
    expect(found[0]).to.match(/^PORT: /);
    expect(found[1]).to.match(/^CALENDAR_LINK_SECRET: must be at least 32 bytes/);
    expect(found.join('\n')).not.to.contain(short);
    // Bytes, not characters: 16 two-byte letters are enough.
    expect(
      load({ CALENDAR_LINK_SECRET: 'ø'.repeat(16), PUBLIC_BASE_URL: 'https://a.example' }).calendar,
    ).to.not.equal(undefined);
    expect(
      problems({ CALENDAR_LINK_SECRET: 'ø'.repeat(15), PUBLIC_BASE_URL: 'https://a.example' }),
    ).to.have.length(1);
  });

  it('the base URL must be https, or http on localhost or 127.0.0.1 only, and an origin alone', () => {
    for (const local of ['http://localhost:3978', 'http://127.0.0.1:3978', 'http://localhost']) {
      expect(
        load({ CALENDAR_LINK_SECRET: SECRET, PUBLIC_BASE_URL: local }).calendar?.baseUrl,
        local,
      ).to.equal(local);
    }
    for (const bad of [
      'http://mh-bot.example.org',
      'http://10.0.0.5:3978',
      'http://localhost.example.org',
      'ftp://mh-bot.example.org',
      'mh-bot.example.org',
      'https://mh-bot.example.org/bot',
      'https://mh-bot.example.org/?x=1',
      'https://mh-bot.example.org/#top',
      'https://user:pass@mh-bot.example.org',
    ]) {
      const found = problems({ CALENDAR_LINK_SECRET: SECRET, PUBLIC_BASE_URL: bad });
      expect(found, bad).to.have.length(1);
      expect(found[0], bad).to.match(/^PUBLIC_BASE_URL: must be the https address/);
      expect(found[0], bad).not.to.contain(SECRET);
    }
  });

  it('are documented in .env.example and the README (test/config checks only registered features)', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const example = readFileSync(resolve(root, '.env.example'), 'utf8');
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    for (const name of Object.keys(MEETINGS_SETTINGS.env)) {
      expect(example, name).to.match(new RegExp(`^${name}=$`, 'm'));
      expect(readme, name).to.contain(`\`${name}\``);
    }
  });
});
