// "Share this view": a link that reproduces the current chapter, step and knobs. A teacher can tick controls to
// hide or lock for whoever opens the link, and ask for projector mode (as TensorFlow Playground's hide/lock).
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { selectHashState } from '../state/actions';
import { useStore } from '../state/store';
import { findChapter } from '../state/book';
import { knobsOfChapter } from '../state/knobTable';
import { formatHash, knobTable, type KnobId } from '../state/urlHash';

export function SharePanel({ id }: { id: string }) {
  const view = useStore(useShallow(selectHashState));
  const [hidden, setHidden] = useState<KnobId[]>(view.hidden);
  const [locked, setLocked] = useState<KnobId[]>(view.locked);
  const [projector, setProjector] = useState(view.projector);
  const [copyStatus, setCopyStatus] = useState('');
  const chapter = findChapter(view.chapterId);
  const chapterKnobs = chapter ? knobsOfChapter(chapter) : [];
  const link = `${location.origin}${location.pathname}${formatHash({ ...view, hidden, locked, projector })}`;
  const flip = (list: KnobId[], id: KnobId) => (list.includes(id) ? list.filter((k) => k !== id) : [...list, id]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopyStatus('Copied.');
    } catch {
      setCopyStatus('Could not copy here; select the link and copy it yourself.');
    }
  };

  return (
    <section id={id} className="share-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Share this view</h2>
      <p>The link opens this chapter at this step with every control as it is now.</p>
      {chapterKnobs.length > 0 ? (
        <table className="share-controls">
          <caption>For whoever opens the link (for teachers)</caption>
          <thead>
            <tr>
              <th scope="col">Control</th>
              <th scope="col">Hide</th>
              <th scope="col">Lock</th>
            </tr>
          </thead>
          <tbody>
            {chapterKnobs.map((k) => (
              <tr key={k}>
                <th scope="row">{knobTable[k].label}</th>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Hide ${knobTable[k].label}`}
                    checked={hidden.includes(k)}
                    onChange={() => setHidden((h) => flip(h, k))}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Lock ${knobTable[k].label}`}
                    checked={locked.includes(k)}
                    onChange={() => setLocked((l) => flip(l, k))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>This chapter has no controls to hide or lock.</p>
      )}
      <label className="share-projector">
        <input type="checkbox" checked={projector} onChange={(e) => setProjector(e.currentTarget.checked)} />
        Open in projector mode
      </label>
      <label className="share-link">
        <span>Link</span>
        <input type="text" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
      </label>
      <button type="button" onClick={copy}>
        Copy link
      </button>
      <p className="share-status" role="status">
        {copyStatus}
      </p>
    </section>
  );
}
