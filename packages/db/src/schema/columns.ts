import { timestamp } from 'drizzle-orm/pg-core';

/** A timestamptz column read and written as a Date; every table uses the same kind of time. */
export const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
