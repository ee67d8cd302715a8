// The app proper, loaded by main.tsx once the engine worker is on its way: styles, the URL-hash link to the store,
// the engine client (taking over the worker main.tsx started) and the model lab (started before the first render,
// so the model is read while React mounts), the service worker, then the React tree.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { registerServiceWorker } from './serviceWorker/register';
import { chooseBackend, handleEngineEvent, setEngineHealth } from '../state/engineActions';
import { connectEngine } from '../state/engineConnection';
import { startHashSync } from '../state/hashSync';
import { browserCheckpointStore } from '../state/lab/checkpointStore';
import { configureLab, loadShippedModel, startFiguresEarly, startLab } from '../state/lab/labActions';
import { labNeverStored } from '../state/lab/indexedDbStorage';
import { fetchShippedModel } from '../state/lab/shippedModel';
import { createBrowserEngine } from '../workers/browserEngine';
import { markSpan } from '../engine/perfMark';
import { startEarlyDownload } from './earlyDownload';
import '../styles/base.css';

startHashSync();
// The model downloads beside the engine's start and the opening of storage, not after them (earlyDownload.ts).
const fetchShipped = startEarlyDownload((onProgress) => markSpan('page: fetch model', fetchShippedModel(onProgress)));
connectEngine(createBrowserEngine(setEngineHealth, handleEngineEvent));
void markSpan('page: choose backend', chooseBackend());
// The shipped model goes into the engine without waiting for storage to open (it needs none); the lab takes it over.
const shipped = markSpan('page: shipped model in engine', loadShippedModel(fetchShipped));
shipped.catch(() => {}); // startLab reports a failure to the reader
void startFiguresEarly(shipped, markSpan('page: is this a first visit', labNeverStored()));
const labStarted = markSpan('page: open storage', browserCheckpointStore()).then((storage) => {
  configureLab({ storage, fetchShipped });
  return markSpan('page: lab ready', startLab(shipped));
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
registerServiceWorker(labStarted);
