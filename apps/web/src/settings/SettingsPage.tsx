import './SettingsPage.css';
import { useQuery } from '@tanstack/react-query';
import { Navigate, NavLink, useParams } from 'react-router';
import type { Permission } from '../api/session';
import { PeopleSettings } from '../people/PeopleSettings';
import { useTitle } from '../ui/useTitle';
import { AccountSettings } from './AccountSettings';
import { AdminTokensSettings } from './AdminTokensSettings';
import { ChannelsSettings } from './ChannelsSettings';
import { PluginsSettings } from './PluginsSettings';
import { settingsQueries } from './queries';
import { StagesSettings } from './StagesSettings';
import { WorkspaceSettings } from './WorkspaceSettings';
import { WriteKeysSettings } from './WriteKeysSettings';

/** The sections, and the permission a section needs to be listed (its API refuses the others). */
const SECTIONS: { id: string; label: string; needs?: Permission }[] = [
  { id: 'workspace', label: 'Workspace' },
  { id: 'stages', label: 'Lifecycle stages' },
  { id: 'channels', label: 'Channels' },
  { id: 'plugins', label: 'Plugins' },
  { id: 'people', label: 'People' },
  { id: 'write-keys', label: 'Write keys', needs: 'keys:manage' },
  { id: 'tokens', label: 'Admin tokens', needs: 'keys:manage' },
  { id: 'account', label: 'Your account' },
];

/** Workspace settings, one URL per section. */
export function SettingsPage() {
  useTitle('Settings');
  const { section } = useParams();
  const session = useQuery(settingsQueries.session());
  const allowed = (needs?: Permission) => !needs || (session.data?.permissions.includes(needs) ?? false);
  const visible = SECTIONS.filter((candidate) => allowed(candidate.needs));
  if (!SECTIONS.some((candidate) => candidate.id === section))
    return <Navigate to="/settings/stages" replace />;
  return (
    <div className="page settings-page">
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Settings sections">
          {visible.map((candidate) => (
            <NavLink key={candidate.id} to={`/settings/${candidate.id}`} className="settings-link">
              {candidate.label}
            </NavLink>
          ))}
        </nav>
        <div className="settings-content">
          {section === 'workspace' && <WorkspaceSettings />}
          {section === 'stages' && <StagesSettings />}
          {section === 'channels' && <ChannelsSettings />}
          {section === 'plugins' && <PluginsSettings />}
          {section === 'people' && <PeopleSettings />}
          {section === 'write-keys' && <WriteKeysSettings />}
          {section === 'tokens' && <AdminTokensSettings />}
          {section === 'account' && <AccountSettings />}
        </div>
      </div>
    </div>
  );
}
