/** Which personal chat is in front of the developer (DEV_REDIRECT_NOTIFICATIONS). */
import type { Activity } from 'botbuilder';
import { expect } from 'chai';
import { createCurrentChatTracker } from '../../src/teams/current-chat.js';
import { botAdded, installationUpdate, message, user } from '../support/teams-activities.js';

const serviceUrl = 'http://127.0.0.1:1';
const alex = user(0, 'Alex Wilber');
const patti = user(4, 'Patti Fernandez');
const asActivity = (value: unknown) => value as Activity;

describe('the current chat (development)', () => {
  it('is the personal chat that most recently sent anything, and says when it changes', () => {
    let changes = 0;
    const tracker = createCurrentChatTracker(() => changes++);
    expect(tracker.current()).to.equal(undefined);
    tracker.observe(asActivity(message({ serviceUrl, from: alex, text: 'hjelp', locale: 'nb-NO' })));
    expect(tracker.current()).to.deep.include({ aadObjectId: alex.aadObjectId, locale: 'nb-NO' });
    expect(tracker.current()?.reference).to.have.nested.property(
      'conversation.id',
      `a:personal-${alex.aadObjectId}`,
    );
    tracker.observe(asActivity(message({ serviceUrl, from: alex, text: 'kø', locale: 'nb-NO' })));
    expect(changes).to.equal(1);
    tracker.observe(asActivity(message({ serviceUrl, from: patti, text: 'hei', locale: 'en-US' })));
    expect(tracker.current()).to.deep.include({ aadObjectId: patti.aadObjectId, locale: 'en-US' });
    expect(changes).to.equal(2);
  });

  it("keeps the locale when an activity carries none (the Playground's conversationUpdate)", () => {
    const tracker = createCurrentChatTracker();
    tracker.observe(asActivity(message({ serviceUrl, from: alex, text: 'hei', locale: 'nb-NO' })));
    const { locale: _locale, ...update } = botAdded({ serviceUrl, from: alex });
    tracker.observe(asActivity(update));
    expect(tracker.current()?.locale).to.equal('nb-NO');
  });

  it('ignores channels, activities without an AAD object id, and removing the app', () => {
    const tracker = createCurrentChatTracker();
    const team = { teamId: 'team-1', channelId: '19:general@thread.tacv2' };
    tracker.observe(asActivity(message({ serviceUrl, from: alex, text: 'hei', team })));
    const anonymous = message({ serviceUrl, from: alex, text: 'hei' });
    tracker.observe(asActivity({ ...anonymous, from: { id: alex.id, name: alex.name } }));
    tracker.observe(asActivity(installationUpdate({ serviceUrl, from: alex, action: 'remove' })));
    expect(tracker.current()).to.equal(undefined);
  });
});
