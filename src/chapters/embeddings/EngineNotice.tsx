// The chapter's one way of saying that the engine refused or failed: in words, as an alert, never a blank figure.
export function EngineNotice({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="notice notice-error" role="alert">
      {error}
    </p>
  );
}
