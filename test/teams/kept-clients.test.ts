/**
 * A turn's ConnectorClient and UserTokenClient are built once per bot identity, service URL and
 * audience and reused (botbuilder builds new ones for every activity), and the proactive path never
 * gets one of them (it removes its clients' retry policies).
 */
import {
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  MicrosoftAppCredentials,
  type UserTokenClient,
} from 'botframework-connector';
import { expect } from 'chai';
import { KeptClientsAuthentication } from '../../src/teams/kept-clients.js';
import { SingleAttemptAuthentication } from '../../src/teams/single-attempt.js';

const claims = (appId: string, exp = '1') =>
  new ClaimsIdentity(
    [
      { type: 'aud', value: appId },
      { type: 'exp', value: exp },
    ],
    true,
  );

/** A stand-in for botbuilder's authentication that builds a new client on every call, counted. */
function counting() {
  const built = { connectors: 0, userTokens: 0 };
  const factory = {
    create: async (serviceUrl: string) => {
      built.connectors++;
      return new ConnectorClient(MicrosoftAppCredentials.Empty, { baseUri: serviceUrl });
    },
  };
  const inner = {
    authenticateRequest: async (_activity: unknown, header: string): Promise<AuthenticateRequestResult> => ({
      audience: 'https://api.botframework.com',
      callerId: '',
      claimsIdentity: claims('bot', header),
      connectorFactory: factory as unknown as AuthenticateRequestResult['connectorFactory'],
    }),
    createConnectorFactory: () => factory,
    createUserTokenClient: async () => {
      built.userTokens++;
      return { n: built.userTokens } as unknown as UserTokenClient;
    },
  } as unknown as BotFrameworkAuthentication;
  return { built, inner };
}

const pipelineNames = (client: ConnectorClient): string[] =>
  (
    client as unknown as { client: { pipeline: { getOrderedPolicies(): { name: string }[] } } }
  ).client.pipeline
    .getOrderedPolicies()
    .map((p) => p.name);

describe('a turn keeps its clients (kept-clients.ts)', () => {
  it('reuses the ConnectorClient of authenticated requests for the same bot, service URL and audience', async () => {
    const { built, inner } = counting();
    const authentication = new KeptClientsAuthentication(inner);
    const turn = async (token: string, serviceUrl: string) => {
      const result = await authentication.authenticateRequest({} as never, token);
      return result.connectorFactory!.create(serviceUrl, result.audience);
    };
    // Two requests with different tokens (their claims differ in exp) for the same bot share a client.
    const first = await turn('100', 'http://127.0.0.1:1/');
    expect(await turn('200', 'http://127.0.0.1:1/')).to.equal(first);
    expect(await turn('100', 'http://127.0.0.1:2/')).to.not.equal(first);
    expect(built.connectors).to.equal(2);
    // The SDK's own retries stay in a turn's client.
    expect(pipelineNames(first).some((name) => /retry/i.test(name))).to.equal(true);
  });

  it('keeps one UserTokenClient per bot', async () => {
    const { built, inner } = counting();
    const authentication = new KeptClientsAuthentication(inner);
    const a = await authentication.createUserTokenClient(claims('bot', '1'));
    expect(await authentication.createUserTokenClient(claims('bot', '2'))).to.equal(a);
    expect(await authentication.createUserTokenClient(claims('other bot'))).to.not.equal(a);
    expect(built.userTokens).to.equal(2);
  });

  it('does not keep the clients of createConnectorFactory unless asked, so the proactive path never shares one', async () => {
    const { built, inner } = counting();
    const turns = new KeptClientsAuthentication(inner);
    const f1 = await turns.createConnectorFactory(claims('bot')).create('http://127.0.0.1:1/', 'a');
    const f2 = await turns.createConnectorFactory(claims('bot')).create('http://127.0.0.1:1/', 'a');
    expect(f2).to.not.equal(f1);
    // The proactive path wraps the turns' authentication: its client is its own, without retries,
    // and the turn's client keeps them.
    const proactive = new SingleAttemptAuthentication(turns);
    const result = await turns.authenticateRequest({} as never, '1');
    const turnClient = await result.connectorFactory!.create('http://127.0.0.1:1/', 'a');
    const sendClient = await proactive
      .createConnectorFactory(claims('bot'))
      .create('http://127.0.0.1:1/', 'a');
    expect(sendClient).to.not.equal(turnClient);
    expect(pipelineNames(sendClient).some((name) => /retry/i.test(name))).to.equal(false);
    expect(pipelineNames(turnClient).some((name) => /retry/i.test(name))).to.equal(true);
    expect(built.connectors).to.equal(4);
  });
});
