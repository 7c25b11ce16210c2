/**
 * What the staff side needs from settings/centers.yaml: each center's Slack channel and business hours.
 * Staff edit that file; both fields may be null (use SLACK_STAFF_CHANNEL and the default hours). Other
 * fields belong to booking and routing and pass through untouched.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { type BusinessHours, BusinessHoursSchema, defaultBusinessHours } from './business-hours.ts';

const CenterEntry = z.looseObject({
  id: z.string().min(1),
  name: z.string().min(1),
  slack_channel: z
    .string()
    .regex(/^[CG][A-Z0-9]{6,}$/, 'a Slack channel id such as C0123456789')
    .nullable()
    .default(null),
  business_hours: BusinessHoursSchema.nullable().default(null),
});

export const CentersFileSchema = z.looseObject({ centers: z.array(CenterEntry).min(1) });

export interface StaffCenter {
  id: string;
  name: string;
  /** The center's own staff channel, or the default channel. */
  slackChannel: string;
  businessHours: BusinessHours;
  /** False when centers.yaml has no hours for the center and the default applies. */
  hoursKnown: boolean;
}

export interface StaffCenters {
  /** The center, or the default desk when the case has no center (or an unknown one). */
  resolve(centerId: string | null): StaffCenter;
  /** Every channel staff work in: the default one and each center's own. */
  channels(): string[];
  name(centerId: string | null): string;
}

/** `raw` is the parsed YAML of settings/centers.yaml; throws `config_invalid` naming the bad field. */
export function parseStaffCenters(raw: unknown, defaultChannel: string): StaffCenters {
  const parsed = parseCentersFile(raw);
  const byId = new Map<string, StaffCenter>();
  for (const c of parsed.centers) {
    byId.set(c.id, {
      id: c.id,
      name: c.name,
      slackChannel: c.slack_channel ?? defaultChannel,
      businessHours: c.business_hours ?? defaultBusinessHours,
      hoursKnown: c.business_hours !== null,
    });
  }
  const fallback: StaffCenter = {
    id: 'default',
    name: 'センター未定',
    slackChannel: defaultChannel,
    businessHours: defaultBusinessHours,
    hoursKnown: false,
  };
  return {
    resolve: (centerId) => (centerId === null ? undefined : byId.get(centerId)) ?? fallback,
    channels: () => [...new Set([defaultChannel, ...[...byId.values()].map((c) => c.slackChannel)])],
    name: (centerId) => (centerId === null ? undefined : byId.get(centerId)?.name) ?? fallback.name,
  };
}

/** Center id → Japanese name, from the same parsed centers.yaml (for reports). */
export function readCenterNames(raw: unknown): Map<string, string> {
  return new Map(parseCentersFile(raw).centers.map((c) => [c.id, c.name]));
}

function parseCentersFile(raw: unknown) {
  const parsed = CentersFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('config_invalid', `settings/centers.yaml: ${issue?.path.join('.')}: ${issue?.message}`, {
    cause: parsed.error,
  });
}
