import { createBrowserRouter, Navigate } from 'react-router';
import { ActivityPage } from '../activity/ActivityPage';
import { LifecyclePage } from '../analytics/LifecyclePage';
import { CustomerPage } from '../customers/CustomerPage';
import { CustomersPage } from '../customers/CustomersPage';
import { EditorPage } from '../editor/EditorPage';
import { ExperimentsPage } from '../experiments/ExperimentsPage';
import { JourneysPage } from '../journeys/JourneysPage';
import { MessagesPage } from '../messages/MessagesPage';
import { AcceptInvitationPage } from '../people/AcceptInvitationPage';
import { ResetPasswordPage } from '../people/ResetPasswordPage';
import { SegmentPage } from '../segments/SegmentPage';
import { SegmentsPage } from '../segments/SegmentsPage';
import { SettingsPage } from '../settings/SettingsPage';
import { SignInPage } from '../settings/SignInPage';
import { Layout } from './Layout';
import { NotFound } from './NotFound';

/** Every screen has its own URL, so links, reloads and the back button work. */
export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <Navigate to="/journeys" replace /> },
      { path: 'journeys', element: <JourneysPage /> },
      { path: 'journeys/:journeyId', element: <EditorPage /> },
      { path: 'journeys/:journeyId/versions/:version', element: <EditorPage /> },
      { path: 'experiments', element: <ExperimentsPage /> },
      { path: 'customers', element: <CustomersPage /> },
      { path: 'customers/:customerId', element: <CustomerPage /> },
      { path: 'lifecycle', element: <LifecyclePage /> },
      { path: 'segments', element: <SegmentsPage /> },
      { path: 'segments/:segmentId', element: <SegmentPage /> },
      { path: 'messages', element: <MessagesPage /> },
      { path: 'activity', element: <ActivityPage /> },
      { path: 'settings', element: <Navigate to="/settings/stages" replace /> },
      { path: 'settings/:section', element: <SettingsPage /> },
      { path: 'sign-in', element: <SignInPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
  // Reached from emailed links, before signing in: no frame, no calls that need a session.
  { path: 'accept-invitation', element: <AcceptInvitationPage /> },
  { path: 'reset-password', element: <ResetPasswordPage /> },
]);
