import './JourneyNodeCard.css';
import { Handle, type NodeProps, Position } from '@xyflow/react';
import { type CSSProperties, memo } from 'react';
import { ArmRates } from '../../experiments/ArmRates';
import { count } from '../../ui/format';
import { Icon } from '../../ui/Icon';
import { PluginCardView } from './PluginCardView';
import type { FlowNode } from './types';

/**
 * One step on the canvas: icon, title, a one-line summary, its stage colour, problems, live
 * numbers and one labelled output handle per port (one per split arm).
 */
export const JourneyNodeCard = memo(function JourneyNodeCard({ id, data, selected }: NodeProps<FlowNode>) {
  const { ports, stalePorts } = data;
  const labelled = ports.length + stalePorts.length > 1 || stalePorts.length > 0;
  const classes = [
    'jnode',
    `jnode-${data.category}`,
    selected ? 'jnode-selected' : '',
    data.errors ? 'jnode-error' : data.warnings ? 'jnode-warning' : '',
    data.simulation ? `jnode-sim-${data.simulation}` : '',
  ].join(' ');
  return (
    <div
      className={classes}
      data-testid={`node-${id}`}
      data-node-type={data.node.type}
      data-stage={data.node.stage ?? ''}
      data-simulation={data.simulation ?? ''}
      data-problems={data.errors + data.warnings}
      style={data.stageColor ? ({ '--stage': data.stageColor } as CSSProperties) : undefined}
    >
      {data.hasInput && (
        <Handle type="target" position={Position.Left} id="in" className="jnode-handle jnode-handle-in" />
      )}
      <div className="jnode-head">
        <span className="jnode-icon" aria-hidden="true">
          <Icon name={data.icon} size={16} />
        </span>
        <div className="jnode-titles">
          <div className="jnode-title">{data.title}</div>
          <div className="jnode-type">
            {data.typeTitle}
            {data.stageName && <span className="jnode-stage"> · {data.stageName}</span>}
          </div>
        </div>
        {data.errors + data.warnings > 0 && (
          <span
            className={data.errors ? 'jnode-badge jnode-badge-error' : 'jnode-badge jnode-badge-warning'}
            title={data.problem ?? undefined}
            data-testid={`node-problems-${id}`}
          >
            {data.errors + data.warnings}
            <span className="visually-hidden">
              {data.errors + data.warnings === 1 ? ' problem: ' : ' problems, first: '}
              {data.problem}
            </span>
          </span>
        )}
      </div>
      {/* Read here rather than when the nodes are built, so only the steps on screen pay for it. */}
      {data.cardView ? (
        <PluginCardView
          url={data.cardView}
          type={data.node.type}
          config={data.node.config}
          summary={data.summary}
          fallback={<p className="jnode-summary">{data.summary}</p>}
        />
      ) : (
        <p className="jnode-summary">{data.summary}</p>
      )}
      {data.counts && (
        <div className="jnode-counts" data-testid={`node-counts-${id}`}>
          <span title="Entered this step" data-testid="count-entered">
            <b>{count(data.counts.entered)}</b> entered
          </span>
          <span title="Waiting here now" data-testid="count-waiting">
            <b>{count(data.counts.waiting)}</b> waiting
          </span>
          <span title="Completed this step and moved on or finished" data-testid="count-completed">
            <b>{count(data.counts.completed)}</b> completed
          </span>
          {data.counts.errored > 0 && (
            <span className="jnode-count-error" title="Failed at this step" data-testid="count-errored">
              <b>{count(data.counts.errored)}</b> failed
            </span>
          )}
          {data.counts.capped > 0 && (
            <span title="Messages a frequency cap skipped or holds back" data-testid="count-capped">
              <b>{count(data.counts.capped)}</b> capped
            </span>
          )}
          {data.counts.deferred > 0 && (
            <span
              title="Messages waiting for quiet hours, a cap or the send rate"
              data-testid="count-deferred"
            >
              <b>{count(data.counts.deferred)}</b> deferred
            </span>
          )}
        </div>
      )}
      {data.experiment && <ArmRates arms={data.experiment} />}
      {labelled ? (
        <div className="jnode-ports">
          {ports.map((port) => (
            <div key={port.id} className="jnode-port" data-port={port.id}>
              <span>{port.label}</span>
              <Handle
                type="source"
                position={Position.Right}
                id={port.id}
                className="jnode-handle"
                aria-label={`Output ${port.label}`}
              />
            </div>
          ))}
          {stalePorts.map((port) => (
            <div
              key={port}
              className="jnode-port jnode-port-stale"
              data-port={port}
              title="This output no longer exists; delete or reconnect its connection."
            >
              <span>{port} (removed)</span>
              <Handle
                type="source"
                position={Position.Right}
                id={port}
                className="jnode-handle"
                isConnectable={false}
              />
            </div>
          ))}
        </div>
      ) : (
        ports[0] && (
          <Handle
            type="source"
            position={Position.Right}
            id={ports[0].id}
            className="jnode-handle jnode-handle-single"
            aria-label={`Output ${ports[0].label}`}
          />
        )
      )}
    </div>
  );
});
