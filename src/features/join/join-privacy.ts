/**
 * Join requests' privacy hooks (issue 14): the applicant's and the decider's display names are the
 * only personal text (the roster holds the name of whoever is in the network); the role asked for,
 * the state and the dates stay.
 */
import type { ItemPrivacy } from '../../store/store-parts.js';
import type { JoinRequest } from './join-requests.js';

export const JOIN_PRIVACY: ItemPrivacy<JoinRequest> = {
  retention: 'join',
  settledAt: (request) =>
    request.state === 'approved' || request.state === 'declined' ? request.updatedAt : undefined,
  redact(request) {
    const { decidedByName: _name, ...rest } = request;
    return { ...rest, applicant: { ...request.applicant, displayName: '' } };
  },
  erase(request, aadObjectId) {
    const { decidedByName, ...rest } = request;
    return {
      ...rest,
      applicant:
        request.applicant.aadObjectId === aadObjectId
          ? { ...request.applicant, displayName: '' }
          : request.applicant,
      ...(decidedByName !== undefined && request.decidedBy !== aadObjectId ? { decidedByName } : {}),
    };
  },
};
