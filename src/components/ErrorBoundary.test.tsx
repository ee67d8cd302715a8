// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './ErrorBoundary';

function Fragile({ label }: { label: unknown }) {
  // A crafted file's label that is an object cannot be rendered as text: React throws.
  return <p>{label as string}</p>;
}

describe('ErrorBoundary', () => {
  it('replaces a part that throws with a message and ways out, leaving the rest of the page', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const closed = vi.fn();
    function Page() {
      const [label, setLabel] = useState<unknown>({ evil: true });
      return (
        <>
          <p>The rest of the page</p>
          <button type="button" onClick={() => setLabel('fixed')}>Fix it</button>
          <ErrorBoundary what="The model panel" actions={() => <button type="button" onClick={closed}>Close the panel</button>}>
            <Fragile label={label} />
          </ErrorBoundary>
        </>
      );
    }
    render(<Page />);
    expect(screen.getByRole('alert')).toHaveTextContent(/^The model panel stopped working: .*Nothing you saved is lost\./);
    expect(screen.getByText('The rest of the page')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Close the panel' }));
    expect(closed).toHaveBeenCalledOnce();
    await user.click(screen.getByRole('button', { name: 'Fix it' }));
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('fixed')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
