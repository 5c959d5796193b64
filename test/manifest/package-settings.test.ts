import { expect } from 'chai';
import { ManifestError } from '../../src/manifest/manifest-error.js';
import {
  FAKE_SETTINGS,
  isHostName,
  resolvePackageSettings,
  TEST_SETTINGS,
} from '../../src/manifest/package-settings.js';

const VALID_ENV = {
  TEAMS_APP_ID: TEST_SETTINGS.teamsAppId,
  MicrosoftAppId: TEST_SETTINGS.botAppId,
  BOT_DOMAIN: TEST_SETTINGS.botDomain,
};

function problemsOf(work: () => unknown): readonly string[] {
  try {
    work();
  } catch (error) {
    if (error instanceof ManifestError) return error.problems;
    throw error;
  }
  throw new Error('expected a ManifestError');
}

describe('package settings', () => {
  it('when every setting is valid, then they are used as given and nothing is warned', () => {
    for (const strict of [false, true]) {
      const { settings, warnings } = resolvePackageSettings(VALID_ENV, '1.2.3', { strict });
      expect(settings).to.deep.equal({ ...TEST_SETTINGS, appVersion: '1.2.3' });
      expect(warnings).to.deep.equal([]);
    }
  });

  it('when settings are missing in a non-strict run, then fake placeholders are used with a warning each', () => {
    const { settings, warnings } = resolvePackageSettings({ BOT_DOMAIN: '' }, '0.1.0', { strict: false });
    expect(settings).to.deep.equal({ ...FAKE_SETTINGS, appVersion: '0.1.0' });
    expect(warnings).to.have.length(3);
    expect(warnings[0]).to.match(/^TEAMS_APP_ID is not set/);
    expect(warnings[1]).to.match(/^MicrosoftAppId is not set/);
    expect(warnings[2]).to.match(/^BOT_DOMAIN is not set/);
  });

  it('when settings are missing in a strict run, then the error names each of them', () => {
    const problems = problemsOf(() => resolvePackageSettings({}, '0.1.0', { strict: true }));
    expect(problems).to.deep.equal([
      'TEAMS_APP_ID is not set',
      'MicrosoftAppId is not set',
      'BOT_DOMAIN is not set',
    ]);
  });

  it('when a value is malformed, then it is an error even in a non-strict run, without echoing the value', () => {
    const env = {
      TEAMS_APP_ID: 'secret-looking-value',
      MicrosoftAppId: '{9a7e4d12}',
      BOT_DOMAIN: 'https://bot.example.no',
    };
    const problems = problemsOf(() => resolvePackageSettings(env, '0.1.0', { strict: false }));
    expect(problems).to.have.length(3);
    expect(problems[0]).to.match(/^TEAMS_APP_ID must be a GUID/);
    expect(problems[1]).to.match(/^MicrosoftAppId must be a GUID/);
    expect(problems[2]).to.equal('BOT_DOMAIN must be a host name only: remove the scheme');
    expect(problems.join('\n')).not.to.include('secret-looking-value');
  });

  it('when a strict run gets the placeholder values, then they are rejected', () => {
    const env = {
      TEAMS_APP_ID: FAKE_SETTINGS.teamsAppId,
      MicrosoftAppId: FAKE_SETTINGS.botAppId,
      BOT_DOMAIN: FAKE_SETTINGS.botDomain,
    };
    expect(problemsOf(() => resolvePackageSettings(env, '0.1.0', { strict: true }))).to.deep.equal([
      'TEAMS_APP_ID is the all-zero placeholder GUID',
      'MicrosoftAppId is the all-zero placeholder GUID',
      'BOT_DOMAIN is a placeholder (.invalid) domain',
    ]);
  });

  it('when the package.json version is not x.y.z, then it is an error', () => {
    const problems = problemsOf(() => resolvePackageSettings(VALID_ENV, '1.0.0-beta.1', { strict: false }));
    expect(problems).to.deep.equal([
      'the version in package.json (APP_VERSION) must be x.y.z, for example 1.2.3',
    ]);
  });

  it('when checking host names, then only bare DNS names with a dot pass', () => {
    expect(isHostName('mh-nettverket.example.no')).to.equal(true);
    expect(isHostName('abc-3978.euw.devtunnels.ms')).to.equal(true);
    for (const bad of [
      'localhost',
      'bot.example.no:443',
      'bot.example.no/api',
      '-bot.example.no',
      '*.example.no',
      '',
    ]) {
      expect(isHostName(bad), bad).to.equal(false);
    }
  });
});
