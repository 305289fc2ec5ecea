import './SignInPage.css';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { SignInForm } from './SignInForm';

/** The sign-in screen at its own URL, for bookmarks and for signing in with another token. */
export function SignInPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  return (
    <div className="page page-narrow">
      <SignInForm
        onSignedIn={() => {
          void client.resetQueries();
          navigate('/journeys');
        }}
      />
    </div>
  );
}
