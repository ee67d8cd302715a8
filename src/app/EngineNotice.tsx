// Tells the reader when the engine was restarted (crash or hang) or has stopped for good.
import { dismissEngineNotice } from '../state/engineActions';
import { useStore } from '../state/store';

export function EngineNotice() {
  const notice = useStore((s) => s.engineHealth.notice);
  const state = useStore((s) => s.engineHealth.state);
  if (!notice) return null;
  return (
    <div className={`engine-notice notice ${state === 'failed' ? 'notice-error' : ''}`} role="alert">
      <p>{notice}</p>
      {state !== 'failed' && (
        <button type="button" onClick={dismissEngineNotice}>
          OK
        </button>
      )}
    </div>
  );
}
