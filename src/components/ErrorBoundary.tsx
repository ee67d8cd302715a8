// A part of the page that failed to render says so, in words, with a way out — instead of blanking the whole page.
// The app wraps itself and each panel in one; `actions` offers what fits the place (close the panel, reload).
import { Component, type ReactNode } from 'react';

interface Props {
  /** What failed, for the message: "The model lab", "This page". */
  what: string;
  children: ReactNode;
  /** Extra ways out besides "Try again". */
  actions?: (reset: () => void) => ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  private reset = () => this.setState({ error: null });

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="notice notice-error">
        <p>
          {this.props.what} stopped working: {String(error.message)}. Nothing you saved is lost.
        </p>
        <div className="button-row">
          <button type="button" onClick={this.reset}>
            Try again
          </button>
          {this.props.actions?.(this.reset)}
        </div>
      </div>
    );
  }
}
