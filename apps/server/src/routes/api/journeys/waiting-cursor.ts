import { z } from 'zod';
import { AppError } from '../../../errors';
import type { WaitingPosition } from '../../../runtime/types';

const PositionSchema = z.tuple([z.number().finite().nullable(), z.string().min(1).max(100)]);

/** The opaque cursor of a page of waiting customers: the last one's wake time and run id. */
export function encodeWaitingCursor(position: WaitingPosition): string {
  return Buffer.from(JSON.stringify([position.wakeAt, position.runId])).toString('base64url');
}

/** Reads a cursor this API gave out; anything else is a 400 naming the field. */
export function decodeWaitingCursor(cursor: string): WaitingPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const position = PositionSchema.safeParse(parsed);
  if (!position.success) {
    throw new AppError('invalid-request', {
      message: 'cursor is not one this API gave out; pass the `next` of the previous page, or leave it out.',
      field: 'cursor',
    });
  }
  return { wakeAt: position.data[0], runId: position.data[1] };
}
