import { z } from 'zod';
import { PASSWORD_LENGTH } from '../../auth/passwords';
import { ROLES } from '../../auth/permissions';

/** An email address as people type it; stored lower-cased. */
export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ error: 'enter an email address such as ana@example.com' }));

/** A password being checked: any length up to the maximum, so old short ones still sign in. */
export const PasswordInputSchema = z.string().min(1).max(PASSWORD_LENGTH.max);

/** A password being chosen. */
export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_LENGTH.min, { error: `choose a password of at least ${PASSWORD_LENGTH.min} characters` })
  .max(PASSWORD_LENGTH.max, { error: `choose a password of at most ${PASSWORD_LENGTH.max} characters` });

/** A person's display name. */
export const NameSchema = z.string().trim().max(120);

export const RoleSchema = z.enum(ROLES).describe('viewer < marketer < admin < owner');

export const UserSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), createdAt: z.string() })
  .meta({ id: 'User' });

export const MemberSchema = UserSchema.extend({ role: RoleSchema, joinedAt: z.string() }).meta({
  id: 'Member',
});

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    invitedBy: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'Invitation' });
