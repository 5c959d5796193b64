import { expect } from 'chai';
import { checkActivityOrigin } from '../../src/teams/activity-origin.js';

const tenant = '00000000-0000-0000-0000-0000000000001';

describe('activity origin guard', () => {
  it('accepts Teams activities from the configured tenant (either field)', () => {
    expect(
      checkActivityOrigin({ channelId: 'msteams', conversation: { tenantId: tenant } }, tenant),
    ).to.deep.equal({ ok: true });
    expect(
      checkActivityOrigin({ channelId: 'msteams', channelData: { tenant: { id: tenant } } }, tenant),
    ).to.deep.equal({
      ok: true,
    });
  });
  it('drops other channels', () => {
    expect(
      checkActivityOrigin({ channelId: 'webchat', conversation: { tenantId: tenant } }, tenant),
    ).to.deep.equal({
      ok: false,
      reason: 'channel',
    });
  });
  it('drops activities without a tenant', () => {
    expect(checkActivityOrigin({ channelId: 'msteams', conversation: {} }, tenant)).to.deep.equal({
      ok: false,
      reason: 'tenant-missing',
    });
  });
  it('drops activities where either tenant field names another tenant', () => {
    expect(
      checkActivityOrigin({ channelId: 'msteams', conversation: { tenantId: 'other' } }, tenant),
    ).to.deep.equal({
      ok: false,
      reason: 'tenant-mismatch',
    });
    expect(
      checkActivityOrigin(
        {
          channelId: 'msteams',
          conversation: { tenantId: tenant },
          channelData: { tenant: { id: 'other' } },
        },
        tenant,
      ),
    ).to.deep.equal({ ok: false, reason: 'tenant-mismatch' });
  });
  it('compares ids as opaque strings (no case folding, no GUID parsing)', () => {
    expect(
      checkActivityOrigin(
        { channelId: 'msteams', conversation: { tenantId: `${tenant.toUpperCase()}x` } },
        tenant,
      ).ok,
    ).to.equal(false);
  });
});
