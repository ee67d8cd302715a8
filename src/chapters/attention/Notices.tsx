// Short messages every step of the chapter may need: the engine's error, a text cut to the context, and notes
// about a link that asked for more than this model has.
export function EngineError({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <p className="notice notice-error" role="alert">
      {error}
    </p>
  );
}

export function CutNotice({ cut, kept, what = 'Your text' }: { cut: number; kept: number; what?: string }) {
  if (cut <= 0) return null;
  return (
    <p className="notice" role="status" data-testid="att-cut">
      {what} is {cut + kept} tokens, but the model reads at most {kept} at once (its context): the first {cut} token
      {cut > 1 ? 's were' : ' was'} left out, and the figures show the last {kept}.
    </p>
  );
}

export function Notes({ notes }: { notes: readonly string[] }) {
  if (notes.length === 0) return null;
  return (
    <p className="notice" role="status">
      {notes.join(' ')}
    </p>
  );
}
