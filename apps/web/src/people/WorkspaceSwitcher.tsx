import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useNavigate } from 'react-router';
import { useToast } from '../ui/toasts';
import { peopleQueries, useSwitchWorkspace } from './queries';

/** The workspace the editor works in, in the top bar; a list when the person belongs to several. */
export function WorkspaceSwitcher() {
  const id = useId();
  const workspaces = useQuery(peopleQueries.workspaces());
  const switchTo = useSwitchWorkspace();
  const navigate = useNavigate();
  const toast = useToast();
  const list = workspaces.data ?? [];
  const current = list.find((workspace) => workspace.current);
  if (!current) return null;
  if (list.length === 1) {
    return (
      <span className="workspace-name" data-testid="workspace-switcher" title={`Your role: ${current.role}`}>
        {current.name}
      </span>
    );
  }
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        Workspace
      </label>
      <select
        id={id}
        className="input input-small workspace-switcher"
        value={current.id}
        disabled={switchTo.isPending}
        onChange={(event) =>
          switchTo.mutate(event.target.value, {
            onSuccess: () => navigate('/journeys'),
            onError: toast.error,
          })
        }
        data-testid="workspace-switcher"
      >
        {list.map((workspace) => (
          <option key={workspace.id} value={workspace.id}>
            {workspace.name} ({workspace.role})
          </option>
        ))}
      </select>
    </>
  );
}
