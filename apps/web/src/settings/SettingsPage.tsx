import './SettingsPage.css';
import { Navigate, NavLink, useParams } from 'react-router';
import { useTitle } from '../ui/useTitle';
import { AccountSettings } from './AccountSettings';
import { AdminTokensSettings } from './AdminTokensSettings';
import { ChannelsSettings } from './ChannelsSettings';
import { PluginsSettings } from './PluginsSettings';
import { StagesSettings } from './StagesSettings';
import { WorkspaceSettings } from './WorkspaceSettings';
import { WriteKeysSettings } from './WriteKeysSettings';

const SECTIONS = [
  { id: 'workspace', label: 'Workspace' },
  { id: 'stages', label: 'Lifecycle stages' },
  { id: 'channels', label: 'Channels' },
  { id: 'plugins', label: 'Plugins' },
  { id: 'write-keys', label: 'Write keys' },
  { id: 'tokens', label: 'Admin tokens' },
  { id: 'account', label: 'Sign-in' },
];

/** Workspace settings, one URL per section. */
export function SettingsPage() {
  useTitle('Settings');
  const { section } = useParams();
  if (!SECTIONS.some((candidate) => candidate.id === section))
    return <Navigate to="/settings/stages" replace />;
  return (
    <div className="page settings-page">
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      <div className="settings-layout">
        <nav className="settings-nav" aria-label="Settings sections">
          {SECTIONS.map((candidate) => (
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
          {section === 'write-keys' && <WriteKeysSettings />}
          {section === 'tokens' && <AdminTokensSettings />}
          {section === 'account' && <AccountSettings />}
        </div>
      </div>
    </div>
  );
}
