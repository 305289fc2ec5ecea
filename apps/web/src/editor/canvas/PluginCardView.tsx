import { Component, type ReactNode, useReducer } from 'react';
import { type CardViewProps, cardViewAt } from './card-views';

/**
 * A plugin's own card body, loaded at run time from its catalog `cardView` URL; `fallback` (the
 * standard summary) shows while it loads, when it fails to load, and when it throws.
 */
export function PluginCardView(props: CardViewProps & { url: string; fallback: ReactNode }) {
  const [, loaded] = useReducer((n: number) => n + 1, 0);
  const View = cardViewAt(props.url, loaded);
  if (!View) return props.fallback;
  return (
    <CardViewBoundary fallback={props.fallback} resetKey={props.config}>
      <div className="jnode-plugin-view" data-testid="plugin-card-view">
        <View type={props.type} config={props.config} summary={props.summary} />
      </div>
    </CardViewBoundary>
  );
}

interface BoundaryProps {
  fallback: ReactNode;
  /** A new config gives a view that threw another chance. */
  resetKey: unknown;
  children: ReactNode;
}

/** Draws `fallback` instead of a plugin view that throws, so a broken plugin costs only its look. */
class CardViewBoundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    console.warn('A plugin card view failed; drawing the standard card.', error);
  }

  override componentDidUpdate(previous: BoundaryProps) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
