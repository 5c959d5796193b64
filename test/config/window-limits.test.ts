/**
 * Window limits as settings live with the configuration (src/config/window-limits.ts), which depends on
 * nothing of the outbox; the outbox's rate-limits module hands out the same values.
 * (Parsing and formatting are tested in detail in test/outbox/rate-limits.test.ts.)
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import * as settings from '../../src/config/window-limits.js';
import * as outbox from '../../src/outbox/rate-limits.js';

describe('window limits as settings', () => {
  it("reads back Teams' documented limits as they are written", () => {
    expect(settings.formatLimits(settings.TEAMS_CONVERSATION_LIMITS)).to.equal('7/1s,8/2s,60/30s,1800/1h');
    expect(settings.parseLimits(settings.formatLimits(settings.TEAMS_CONVERSATION_LIMITS))).to.deep.equal(
      settings.TEAMS_CONVERSATION_LIMITS,
    );
    expect(settings.parseLimits(settings.formatLimits(settings.DEFAULT_TENANT_LIMITS))).to.deep.equal(
      settings.DEFAULT_TENANT_LIMITS,
    );
  });

  it('are the very values the outbox rate limits module exports', () => {
    expect(outbox.parseLimits).to.equal(settings.parseLimits);
    expect(outbox.formatLimits).to.equal(settings.formatLimits);
    expect(outbox.TEAMS_CONVERSATION_LIMITS).to.equal(settings.TEAMS_CONVERSATION_LIMITS);
    expect(outbox.DEFAULT_TENANT_LIMITS).to.equal(settings.DEFAULT_TENANT_LIMITS);
    expect(outbox.MAX_LIMIT_COUNT).to.equal(settings.MAX_LIMIT_COUNT);
  });

  it('configuration imports nothing from the outbox', async () => {
    const dir = join('src', 'config');
    for (const file of await readdir(dir)) {
      const source = await readFile(join(dir, file), 'utf8');
      expect(source, file).to.not.match(/from\s+['"][^'"]*\/outbox\//);
    }
  });
});
