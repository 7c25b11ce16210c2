/** 個別訪問支援: the booking flow with the visit's purpose and the workplace address. */
import type { ConversationFlow } from '../conversation/flow.ts';
import { type BookingFlowDeps, createBookingFlow } from './booking-flow.ts';

export function createVisitFlow(deps: BookingFlowDeps): ConversationFlow {
  return createBookingFlow('visit', deps);
}
