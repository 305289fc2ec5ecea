import type { JourneyDocument } from '@stagecraft/graph';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { catalogQueries } from '../catalog/queries';
import { journeyKeys, journeyQueries } from '../journeys/queries';
import { settingsQueries } from '../settings/queries';
import { ErrorNotice, Loading } from '../ui/Notice';
import { JourneyEditor } from './JourneyEditor';
import { prepareDocument } from './prepare-document';

/** /journeys/:id (the draft) and /journeys/:id/versions/:version (an old version, read-only). */
export function EditorPage() {
  const { journeyId = '', version: versionParam } = useParams();
  const version = versionParam === undefined ? null : Number(versionParam);
  const client = useQueryClient();
  const navigate = useNavigate();
  const [generation, setGeneration] = useState(0);
  const journey = useQuery(journeyQueries.detail(journeyId));
  const catalog = useQuery(catalogQueries.nodeTypes());
  // The role decides whether the canvas is editable (and has a palette): known before it is drawn.
  const session = useQuery(settingsQueries.session());
  const versionQuery = useQuery({
    ...journeyQueries.version(journeyId, version ?? 0),
    enabled: version !== null,
  });
  const source = version === null ? journey.data?.document : versionQuery.data?.document;
  const [prepared, setPrepared] = useState<{ source: JourneyDocument; doc: JourneyDocument } | null>(null);

  useEffect(() => {
    if (!source || !catalog.data) return;
    let live = true;
    void prepareDocument(source, catalog.data).then((doc) => live && setPrepared({ source, doc }));
    return () => {
      live = false;
    };
  }, [source, catalog.data]);

  const failure = journey.error ?? catalog.error ?? versionQuery.error;
  if (failure) {
    return (
      <div className="page">
        <ErrorNotice
          error={failure}
          onRetry={() => {
            void journey.refetch();
            void catalog.refetch();
          }}
          action={
            <Link to="/journeys" className="button button-small">
              Back to journeys
            </Link>
          }
        />
      </div>
    );
  }
  if (!journey.data || !catalog.data || !session.data || !source || !prepared || prepared.source !== source) {
    return (
      <div className="page">
        <Loading what="the journey" />
      </div>
    );
  }
  return (
    <JourneyEditor
      key={`${journeyId}:${version ?? 'draft'}:${generation}`}
      journey={journey.data}
      document={prepared.doc}
      catalog={catalog.data}
      viewingVersion={version}
      onReload={() => {
        // After a restore from an old version's page, the person lands on the draft it became.
        void client.invalidateQueries({ queryKey: journeyKeys.detail(journeyId) }).then(() => {
          setGeneration((n) => n + 1);
          if (version !== null) navigate(`/journeys/${journeyId}`);
        });
      }}
    />
  );
}
