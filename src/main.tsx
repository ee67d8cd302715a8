// Entry point: styles, the URL-hash link to the store, the service worker, then the React tree.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { registerServiceWorker } from './app/serviceWorker/register';
import { startHashSync } from './state/hashSync';
import './styles/base.css';

startHashSync();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
registerServiceWorker();
