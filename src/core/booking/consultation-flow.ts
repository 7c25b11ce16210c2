/** 専門的相談 (in person by appointment, phone, e-mail, online): the booking flow with a method question. */
import type { ConversationFlow } from '../conversation/flow.ts';
import { type BookingFlowDeps, createBookingFlow } from './booking-flow.ts';

export function createConsultationFlow(deps: BookingFlowDeps): ConversationFlow {
  return createBookingFlow('consultation', deps);
}
