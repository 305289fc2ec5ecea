import './Layout.css';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { onUnauthorized } from '../api/client';
import { WorkspaceSwitcher } from '../people/WorkspaceSwitcher';
import { SignInForm } from '../settings/SignInForm';
import { Icon } from '../ui/Icon';

const NAV = [
  { to: '/journeys', label: 'Journeys', icon: 'route' },
  { to: '/experiments', label: 'Experiments', icon: 'shuffle' },
  { to: '/customers', label: 'Customers', icon: 'users' },
  { to: '/lifecycle', label: 'Lifecycle', icon: 'layers' },
  { to: '/segments', label: 'Segments', icon: 'target' },
  { to: '/messages', label: 'Messages', icon: 'inbox' },
  { to: '/activity', label: 'Activity', icon: 'history' },
  { to: '/settings', label: 'Settings', icon: 'settings' },
];

/** The frame around every screen; when the API refuses the session, the sign-in form takes the screen's place. */
export function Layout() {
  const client = useQueryClient();
  const location = useLocation();
  const [signedOut, setSignedOut] = useState(false);
  useEffect(() => onUnauthorized(() => setSignedOut(true)), []);
  const editing = /^\/journeys\/[^/]+/.test(location.pathname);
  // The sign-in screen asks nothing of the API that needs a session.
  const signingIn = location.pathname === '/sign-in';
  return (
    <div className={editing ? 'app app-editor' : 'app'}>
      <header className="topbar">
        <NavLink to="/journeys" className="brand" aria-label="Stagecraft home">
          <span className="brand-mark" aria-hidden="true">
            <Icon name="route" size={16} />
          </span>
          Stagecraft
        </NavLink>
        <nav aria-label="Main">
          {NAV.map((item) => (
            <NavLink key={item.to} to={item.to} className="nav-link">
              <Icon name={item.icon} />
              {item.label}
            </NavLink>
          ))}
        </nav>
        {!signedOut && !signingIn && (
          <div className="topbar-end">
            <WorkspaceSwitcher />
          </div>
        )}
      </header>
      <main className="main">
        {signedOut ? (
          <div className="page page-narrow">
            <SignInForm
              reason="Your session has ended, or you have not signed in yet."
              onSignedIn={() => {
                setSignedOut(false);
                void client.resetQueries();
              }}
            />
          </div>
        ) : (
          <Outlet />
        )}
      </main>
    </div>
  );
}
