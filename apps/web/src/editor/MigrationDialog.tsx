import './MigrationDialog.css';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CatalogEntry, JourneyDetail, MigrationPlan } from '../api/types';
import { journeyQueries, useApplyMigration, usePreviewMigration } from '../journeys/queries';
import { Dialog } from '../ui/Dialog';
import { ErrorNotice, Loading } from '../ui/Notice';
import { useToast } from '../ui/toasts';
import { stepNameById } from './step-name';

/**
 * Moves customers who wait in an older version onto a newer one, step by step, after showing who
 * would move where. Publishing never does this on its own: customers keep the version they entered.
 */
export function MigrationDialog({
  journey,
  catalog,
  onClose,
}: {
  journey: JourneyDetail;
  catalog: ReadonlyMap<string, CatalogEntry>;
  onClose: () => void;
}) {
  const toast = useToast();
  const versions = [...journey.versions]
    .sort((a, b) => b.version - a.version)
    .map((version) => version.version);
  const [toVersion, setTo] = useState(versions[0] ?? 1);
  const [fromVersion, setFrom] = useState(versions[1] ?? versions[0] ?? 1);
  const from = useQuery(journeyQueries.version(journey.id, fromVersion));
  const to = useQuery(journeyQueries.version(journey.id, toVersion));
  const [nodeMap, setNodeMap] = useState<Record<string, string>>({});
  const preview = usePreviewMigration(journey.id);
  const apply = useApplyMigration(journey.id);

  const plan: MigrationPlan = useMemo(
    () => ({ fromVersion, toVersion, nodeMap }),
    [fromVersion, toVersion, nodeMap],
  );
  const { mutate } = preview;
  const ready = useRef(false);
  // First ask where customers wait (an empty map moves nobody); then, by default, customers at a
  // step that still exists in the newer version (same id) continue there.
  useEffect(() => {
    if (!to.data || fromVersion === toVersion) return;
    const target = new Set(to.data.document.nodes.map((node) => node.id));
    ready.current = false;
    setNodeMap({});
    mutate(
      { fromVersion, toVersion, nodeMap: {} },
      {
        onSuccess: (answer) => {
          ready.current = true;
          const kept = answer.staying.filter((row) => target.has(row.nodeId));
          if (kept.length) setNodeMap(Object.fromEntries(kept.map((row) => [row.nodeId, row.nodeId])));
        },
      },
    );
  }, [to.data, fromVersion, toVersion, mutate]);
  useEffect(() => {
    if (ready.current) mutate(plan);
  }, [plan, mutate]);

  const waiting = [
    ...(preview.data?.moves.map((move) => ({ nodeId: move.fromNodeId, runs: move.runs })) ?? []),
    ...(preview.data?.staying ?? []),
  ];
  const moving = preview.data?.moves.reduce((sum, move) => sum + move.runs, 0) ?? 0;
  const fromName = (id: string) => (from.data ? stepNameById(from.data.document, catalog, id) : id);

  return (
    <Dialog
      title="Move waiting customers"
      onClose={onClose}
      wide
      testId="migration-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={moving === 0 || apply.isPending || (preview.data?.problems.length ?? 0) > 0}
            data-testid="migration-apply"
            onClick={() =>
              apply.mutate(plan, {
                onSuccess: (result) => {
                  toast.show(`${result.moved} customers moved to version ${toVersion}.`, 'success');
                  onClose();
                },
              })
            }
          >
            Move {moving} {moving === 1 ? 'customer' : 'customers'}
          </button>
        </>
      }
    >
      <p>
        Customers stay on the version they entered. Here you can move the ones waiting in an older version to
        a newer one, choosing where each waiting step's customers continue. Steps left on “stay” keep their
        customers.
      </p>
      <div className="button-row">
        <label className="field-inline">
          From version
          <select
            className="input input-small"
            value={fromVersion}
            onChange={(event) => setFrom(Number(event.target.value))}
          >
            {versions.map((version) => (
              <option key={version} value={version}>
                {version}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          to version
          <select
            className="input input-small"
            value={toVersion}
            onChange={(event) => setTo(Number(event.target.value))}
          >
            {versions.map((version) => (
              <option key={version} value={version}>
                {version}
              </option>
            ))}
          </select>
        </label>
      </div>
      {fromVersion === toVersion && <p className="notice notice-info">Pick two different versions.</p>}
      {(from.isPending || to.isPending) && <Loading what="the versions" />}
      {from.isError && <ErrorNotice error={from.error} />}
      {preview.isError && <ErrorNotice error={preview.error} />}
      {preview.data && waiting.length === 0 && (
        <p className="muted">Nobody is waiting in version {fromVersion}.</p>
      )}
      {waiting.length > 0 && to.data && (
        <table className="table" data-testid="migration-preview">
          <thead>
            <tr>
              <th scope="col">Waiting at (v{fromVersion})</th>
              <th scope="col" className="numeric">
                Customers
              </th>
              <th scope="col">Continue at (v{toVersion})</th>
            </tr>
          </thead>
          <tbody>
            {waiting.map((row) => (
              <tr key={row.nodeId}>
                <td>{fromName(row.nodeId)}</td>
                <td className="numeric">{row.runs}</td>
                <td>
                  <select
                    className="input input-small"
                    aria-label={`Where customers waiting at ${fromName(row.nodeId)} continue`}
                    value={nodeMap[row.nodeId] ?? ''}
                    onChange={(event) => {
                      const { [row.nodeId]: _previous, ...rest } = nodeMap;
                      setNodeMap(event.target.value ? { ...rest, [row.nodeId]: event.target.value } : rest);
                    }}
                  >
                    <option value="">Stay on version {fromVersion}</option>
                    {to.data.document.nodes.map((node) => (
                      <option key={node.id} value={node.id}>
                        {stepNameById(to.data.document, catalog, node.id)}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.data?.problems.map((problem) => (
        <p key={`${problem.nodeId}-${problem.message}`} className="notice notice-error">
          {problem.message}
        </p>
      ))}
    </Dialog>
  );
}
