/**
 * Guidance requests' privacy hooks (issue 14): the question, the messages and the reason for
 * closing are free text; the rest (topic, department, origin, urgency, states, dates, who did what)
 * stays as an anonymous stub for the statistics.
 */
import type { ItemPrivacy } from '../../store/store-parts.js';
import type { GuidanceRequest } from './guidance-requests.js';

export const GUIDANCE_PRIVACY: ItemPrivacy<GuidanceRequest> = {
  retention: 'guidance',
  // Answered is where the work ended (a follow-up brings it back and the period starts again).
  settledAt: (request) =>
    request.state === 'closed'
      ? (request.closedAt ?? request.updatedAt)
      : request.state === 'answered'
        ? (request.answeredAt ?? request.updatedAt)
        : undefined,
  redact(request) {
    const { closeReason: _reason, ...rest } = request;
    return { ...rest, question: '', messages: request.messages.map((m) => ({ ...m, text: '' })) };
  },
  erase(request, aadObjectId) {
    const closedByThem = request.history.some((e) => e.action === 'close' && e.by === aadObjectId);
    const { closeReason: _reason, ...rest } = request;
    return {
      ...(closedByThem ? rest : request),
      question: request.asker === aadObjectId ? '' : request.question,
      messages: request.messages.map((m) => (m.by === aadObjectId ? { ...m, text: '' } : m)),
    };
  },
};
