// The SQL of video rooms (a session's or a family event's, keyed by room_id: that one's id):
// rooms, participants and guest passes.
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { VideoGuestPassTable, VideoParticipantTable, VideoRoomTable } from '../../db/schema.ts';

export type RoomRow = Selectable<VideoRoomTable>;
export type ParticipantRow = Selectable<VideoParticipantTable>;
export type GuestPassRow = Selectable<VideoGuestPassTable>;

export async function findRoom(db: Executor, roomId: string): Promise<RoomRow | undefined> {
  return db.selectFrom('video_room').selectAll().where('room_id', '=', roomId).executeTakeFirst();
}

/** The room, locked until the transaction ends (every change to a room's people goes through it). */
export async function lockRoom(db: Executor, roomId: string): Promise<RoomRow | undefined> {
  return db.selectFrom('video_room').selectAll().where('room_id', '=', roomId).forUpdate().executeTakeFirst();
}

export async function openRoom(db: Executor, r: Omit<RoomRow, 'ended_at'>): Promise<RoomRow> {
  await db.insertInto('video_room').values(r).onConflict((oc) => oc.column('room_id').doNothing()).execute();
  return db.selectFrom('video_room').selectAll().where('room_id', '=', r.room_id).forUpdate().executeTakeFirstOrThrow();
}

export async function endRoom(db: Executor, roomId: string, now: Date): Promise<void> {
  await db.updateTable('video_room').set({ ended_at: now }).where('room_id', '=', roomId).where('ended_at', 'is', null).execute();
}

/** Everyone waiting or in the room, in the order they came. */
export async function presentParticipants(db: Executor, roomId: string): Promise<ParticipantRow[]> {
  return db.selectFrom('video_participant').selectAll().where('room_id', '=', roomId).where('state', 'in', ['waiting', 'admitted'])
    .orderBy('joined_at').orderBy('id').execute();
}

export async function findParticipant(db: Executor, roomId: string, id: string): Promise<ParticipantRow | undefined> {
  return db.selectFrom('video_participant').selectAll().where('room_id', '=', roomId).where('id', '=', id).executeTakeFirst();
}

type Who = { userId: string } | { guestPassId: string };
const whoIs = (who: Who) => ('userId' in who ? ['user_id', who.userId] as const : ['guest_pass_id', who.guestPassId] as const);

/** Whether this person was let in before (and not removed since): coming back, they need not wait again. */
export async function wasAdmitted(db: Executor, roomId: string, who: Who): Promise<boolean> {
  const [column, id] = whoIs(who);
  const last = await db.selectFrom('video_participant').select(['state', 'admitted_at']).where('room_id', '=', roomId).where(column, '=', id)
    .orderBy('joined_at', 'desc').limit(1).executeTakeFirst();
  return last !== undefined && last.admitted_at !== null && last.state !== 'removed';
}

/** This person's earlier places in the room, which a new join replaces (another tab, a reconnect). */
export async function leaveEarlier(db: Executor, roomId: string, who: Who, now: Date): Promise<ParticipantRow[]> {
  const [column, id] = whoIs(who);
  return db.updateTable('video_participant').set({ state: 'left', left_at: now })
    .where('room_id', '=', roomId).where(column, '=', id).where('state', 'in', ['waiting', 'admitted']).returningAll().execute();
}

export async function insertParticipant(db: Executor, p: Omit<ParticipantRow, 'id' | 'muted_by_host' | 'admitted_at' | 'left_at'> & { admitted_at: Date | null }): Promise<ParticipantRow> {
  return db.insertInto('video_participant').values(p).returningAll().executeTakeFirstOrThrow();
}

export async function updateParticipant(db: Executor, roomId: string, id: string, set: Partial<Pick<ParticipantRow, 'state' | 'audio' | 'video' | 'muted_by_host' | 'admitted_at' | 'left_at'>>): Promise<ParticipantRow | undefined> {
  return db.updateTable('video_participant').set(set).where('room_id', '=', roomId).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Everyone still in the room or waiting leaves (the call ended). */
export async function leaveAll(db: Executor, roomId: string, now: Date): Promise<ParticipantRow[]> {
  return db.updateTable('video_participant').set({ state: 'left', left_at: now })
    .where('room_id', '=', roomId).where('state', 'in', ['waiting', 'admitted']).returningAll().execute();
}

export async function insertGuestPass(db: Executor, g: Omit<GuestPassRow, 'id' | 'created_at' | 'revoked_at'>): Promise<GuestPassRow> {
  return db.insertInto('video_guest_pass').values(g).returningAll().executeTakeFirstOrThrow();
}

export async function guestPassByToken(db: Executor, tokenHash: Buffer): Promise<GuestPassRow | undefined> {
  return db.selectFrom('video_guest_pass').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function guestPassesOf(db: Executor, roomId: string): Promise<GuestPassRow[]> {
  return db.selectFrom('video_guest_pass').selectAll().where('room_id', '=', roomId).orderBy('created_at').execute();
}

export async function revokeGuestPass(db: Executor, roomId: string, id: string, now: Date): Promise<GuestPassRow | undefined> {
  return db.updateTable('video_guest_pass').set({ revoked_at: now }).where('room_id', '=', roomId).where('id', '=', id)
    .where('revoked_at', 'is', null).returningAll().executeTakeFirst();
}

/** The guest's places in the room, which end when their pass is revoked. */
export async function guestParticipants(db: Executor, guestPassId: string): Promise<ParticipantRow[]> {
  return db.selectFrom('video_participant').selectAll().where('guest_pass_id', '=', guestPassId).where('state', 'in', ['waiting', 'admitted']).execute();
}
