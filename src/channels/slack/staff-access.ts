/**
 * Who may act on cases: members of the configured staff channels (settings/centers.yaml `slack_channel`
 * and SLACK_STAFF_CHANNEL). Membership comes from conversations.members and is cached briefly, so someone
 * removed from the channel loses access within a minute. A failed lookup denies access (and is thrown),
 * never grants it.
 */
import type { webApi } from '@slack/bolt';
import type { Clock } from '../../core/ports.ts';

export interface StaffAccess {
  /** True when `channelId` is a staff channel. */
  isStaffChannel(channelId: string | undefined): boolean;
  /** True when `userId` is a member of the staff channel `channelId`. */
  isMemberOf(channelId: string, userId: string): Promise<boolean>;
  /** True when `userId` is a member of any staff channel. */
  isStaff(userId: string): Promise<boolean>;
}

export function createStaffAccess(deps: {
  client: webApi.WebClient;
  channels: readonly string[];
  clock: Clock;
  ttlMs?: number;
}): StaffAccess {
  const ttlMs = deps.ttlMs ?? 60_000;
  const staffChannels = new Set(deps.channels);
  const cache = new Map<string, { members: Set<string>; at: number }>();

  async function membersOf(channelId: string): Promise<Set<string>> {
    const now = deps.clock.now().getTime();
    const cached = cache.get(channelId);
    if (cached !== undefined && now - cached.at < ttlMs) return cached.members;
    const members = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await deps.client.conversations.members({
        channel: channelId,
        limit: 200,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const id of page.members ?? []) members.add(id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor !== undefined);
    cache.set(channelId, { members, at: now });
    return members;
  }

  const access: StaffAccess = {
    isStaffChannel: (channelId) => channelId !== undefined && staffChannels.has(channelId),
    async isMemberOf(channelId, userId) {
      if (!staffChannels.has(channelId)) return false;
      return (await membersOf(channelId)).has(userId);
    },
    async isStaff(userId) {
      for (const channelId of staffChannels) {
        if (await access.isMemberOf(channelId, userId)) return true;
      }
      return false;
    },
  };
  return access;
}
