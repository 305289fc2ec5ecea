import { ROLES, type Role } from '@stagecraft/db';

export { ROLES, type Role };

/**
 * What a route needs, and the least trusted role that has it. Roles are ordered
 * (viewer < marketer < admin < owner); a role has every permission of the roles below it.
 */
export const PERMISSIONS = {
  'journeys:read': 'viewer',
  'customers:read': 'viewer',
  'analytics:read': 'viewer',
  'settings:read': 'viewer',
  'journeys:write': 'marketer',
  'journeys:publish': 'marketer',
  'segments:write': 'marketer',
  'experiments:write': 'marketer',
  'customers:write': 'marketer',
  'settings:write': 'admin',
  'keys:manage': 'admin',
  'people:manage': 'admin',
  'audit:read': 'admin',
  'workspace:delete': 'owner',
  'workspaces:create': 'owner',
} as const satisfies Record<string, Role>;

/** A permission a route can declare in `config: { permission }`. */
export type Permission = keyof typeof PERMISSIONS;

/** Every permission, in the table's order. */
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** How a route is reached: it needs a permission, or it answers without a credential. */
export type Access = { permission: Permission } | { public: true };

/** Where `role` stands in the order; higher trusts more. */
export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** Whether `role` includes `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return roleRank(role) >= roleRank(PERMISSIONS[permission]);
}

/** The permissions a role holds, in the table's order. */
export function permissionsOf(role: Role): Permission[] {
  return PERMISSION_NAMES.filter((permission) => can(role, permission));
}

/** Whether a value names a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
