/**
 * Who may do what with meetings (the meetings feature's policy rules, on the policy engine's
 * Decision). Decided from the stored roster only, never from card data. Pure.
 */
import { ALLOW, type Decision, deny } from '../../domain/policy.js';
import {
  isAdmin,
  isAnyCoordinator,
  isNetworkMember,
  isUdiStandIn,
  type Person,
} from '../../domain/roster.js';
import type { Invitee, MeetingSeries } from './meeting-series.js';

export type MeetingPolicyAction =
  /** Seeing the upcoming meetings one is invited to. */
  | { kind: 'meetings.view' }
  /** Opening one meeting: its invitees, its organiser and the UDI coordinator. */
  | { kind: 'meetings.show'; series: MeetingSeries; invitees: readonly Invitee[] }
  /** Creating a series (coordinators and deputies; the UDI coordinator sets up the memo's rhythm). */
  | { kind: 'meetings.create' }
  | { kind: 'meetings.setupRhythm' }
  /** Editing a series, cancelling or moving one of its meetings: its organiser or the UDI coordinator. */
  | { kind: 'meetings.manage'; series: MeetingSeries }
  /** Answering whether one comes: the meeting's invitees as the roster says now. */
  | { kind: 'meetings.rsvp'; invitees: readonly Invitee[] };

export function authorizeMeetings(actor: Person | undefined, action: MeetingPolicyAction): Decision {
  const member = isNetworkMember(actor);
  switch (action.kind) {
    case 'meetings.view':
      return member || isAdmin(actor) ? ALLOW : deny('not-member');
    case 'meetings.create':
      if (isAnyCoordinator(actor)) return ALLOW;
      return deny(member ? 'not-authorized' : 'not-member');
    case 'meetings.setupRhythm':
      if (isUdiStandIn(actor)) return ALLOW;
      return deny(member ? 'not-authorized' : 'not-member');
    case 'meetings.manage':
      if (actor && (actor.aadObjectId === action.series.organiser || isUdiStandIn(actor))) return ALLOW;
      return deny(member ? 'not-authorized' : 'not-member');
    case 'meetings.show':
      if (
        actor &&
        (actor.aadObjectId === action.series.organiser ||
          isUdiStandIn(actor) ||
          action.invitees.some((i) => i.aadObjectId === actor.aadObjectId))
      )
        return ALLOW;
      return deny(member ? 'not-authorized' : 'not-member');
    case 'meetings.rsvp':
      if (actor && action.invitees.some((i) => i.aadObjectId === actor.aadObjectId)) return ALLOW;
      return deny(member ? 'not-authorized' : 'not-member');
  }
}
