import { describe, expect, it } from 'vitest';
import { can, PERMISSION_NAMES, PERMISSIONS, permissionsOf, ROLES } from './permissions';

describe('permissions', () => {
  it('orders the roles viewer < marketer < admin < owner', () => {
    expect(ROLES).toEqual(['viewer', 'marketer', 'admin', 'owner']);
  });

  it('gives a viewer every read and nothing else', () => {
    expect(permissionsOf('viewer')).toEqual(
      PERMISSION_NAMES.filter((p) => p.endsWith(':read') && p !== 'audit:read'),
    );
  });

  it('gives each role what the role below has, and the table names its additions', () => {
    expect(permissionsOf('marketer')).toEqual([
      ...permissionsOf('viewer'),
      'journeys:write',
      'journeys:publish',
      'segments:write',
      'experiments:write',
      'customers:write',
    ]);
    expect(permissionsOf('admin')).toEqual([
      ...permissionsOf('marketer'),
      'settings:write',
      'keys:manage',
      'people:manage',
      'audit:read',
    ]);
    expect(permissionsOf('owner')).toEqual([
      ...permissionsOf('admin'),
      'workspace:delete',
      'workspaces:create',
    ]);
  });

  it('reserves deleting the workspace and creating workspaces to owners', () => {
    for (const role of ROLES) expect(can(role, 'workspace:delete')).toBe(role === 'owner');
    expect(PERMISSIONS['workspaces:create']).toBe('owner');
  });
});
