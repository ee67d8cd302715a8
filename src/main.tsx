// Entry point, kept tiny on purpose: it starts the engine worker first, then loads the app (src/app/start.tsx).
// A worker takes a while to boot (its own thread, V8 heap and script), and the first figure waits for it; started
// here it boots while React and the app's code download and parse, instead of after. The build preloads the app's
// chunks with this one (src/app/hosting/preloadAppPlugin.ts), so splitting costs no extra round trip.
import { startEngineWorker } from './workers/earlyWorker';

startEngineWorker();
void import('./app/start');
