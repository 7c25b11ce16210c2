/** channel_users: whether a platform user follows the account (LINE follow/unfollow); no profile data. */
import type { Queryable } from './db.ts';

export async function setChannelUserActive(
  db: Queryable,
  channel: string,
  userId: string,
  active: boolean,
): Promise<void> {
  await db.query(
    `INSERT INTO channel_users (channel, user_id, active, followed_at, unfollowed_at, updated_at)
     VALUES ($1, $2, $3, CASE WHEN $3 THEN now() END, CASE WHEN NOT $3 THEN now() END, now())
     ON CONFLICT (channel, user_id) DO UPDATE
        SET active = EXCLUDED.active,
            followed_at = COALESCE(EXCLUDED.followed_at, channel_users.followed_at),
            unfollowed_at = COALESCE(EXCLUDED.unfollowed_at, channel_users.unfollowed_at),
            updated_at = now()`,
    [channel, userId, active],
  );
}

/** False only for a user known to have unfollowed (blocked) the account. */
export async function isChannelUserActive(db: Queryable, channel: string, userId: string): Promise<boolean> {
  const result = await db.query<{ active: boolean }>(
    'SELECT active FROM channel_users WHERE channel = $1 AND user_id = $2',
    [channel, userId],
  );
  return result.rows[0]?.active !== false;
}
