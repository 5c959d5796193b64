/** The card a handler answers with when the policy module said no, worded for who was refused. */

import type { AppContext } from '../app/context.js';
import type { ActionRequest } from '../app/feature.js';
import { describeCaller } from '../app/members.js';
import type { Turn } from '../app/turn.js';
import type { AdaptiveCardJson } from '../cards/render.js';
import type { Refusal } from '../domain/policy.js';
import { refusalCard } from './cards.js';

export async function refuse(
  app: AppContext,
  turn: Turn,
  request: ActionRequest,
  refusal: Refusal,
): Promise<AdaptiveCardJson> {
  return refusalCard(request.locale, refusal, await describeCaller(app, turn.uow, request.caller));
}
