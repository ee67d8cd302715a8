// The suite against itself (js float64 vs js float64): checks the harness and the cases, so a failure elsewhere
// points at the backend and not at the suite.
import { createJsBackend } from '../js/jsBackend';
import { describeKernelConformance } from './kernelConformance';

describeKernelConformance('js float64', async () => createJsBackend('float64'), { rtol: 0, atol: 0 });
