// Feature detection for WebGPU: is there a navigator.gpu, does it give an adapter, does the adapter give a
// device. probeWebGpu answers with a reason the UI can show; requestWebGpuDevice is what the backend uses.
// `gpu` can be passed in (Node's `webgpu` package, fakes in tests); by default it is navigator.gpu.
import { messageOf } from './health';

export interface GpuAdapterSummary {
  readonly vendor: string;
  readonly architecture: string;
  readonly device: string;
  readonly description: string;
  /** A CPU implementation (SwiftShader, lavapipe, a fallback adapter): correct, but slower than wasm. */
  readonly isSoftware: boolean;
}

export interface WebGpuProbe {
  readonly ok: boolean;
  readonly reason: string;
  readonly adapterInfo?: GpuAdapterSummary;
}

export function gpuOfEnvironment(): GPU | undefined {
  return (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
}

function summarize(adapter: GPUAdapter): GpuAdapterSummary {
  const info: Partial<GPUAdapterInfo> = adapter.info ?? {};
  const vendor = info.vendor ?? '', architecture = info.architecture ?? '', device = info.device ?? '';
  const description = info.description ?? '';
  const isFallback = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true
    || (info as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  const isSoftware = isFallback || /swiftshader|llvmpipe|lavapipe|software/i.test(`${architecture} ${device} ${description}`);
  return { vendor, architecture, device, description, isSoftware };
}

/** Requests a high-performance adapter; throws a reason. */
async function requestAdapter(gpu: GPU | undefined): Promise<GPUAdapter> {
  if (!gpu) throw new Error('WebGPU is not available here (no navigator.gpu)');
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    throw new Error(`WebGPU requestAdapter failed: ${messageOf(error)}`);
  }
  if (!adapter) throw new Error('WebGPU found no adapter (no usable GPU, or WebGPU is disabled)');
  return adapter;
}

/** A device with the adapter's largest buffer limits; throws a reason. */
async function requestDevice(adapter: GPUAdapter): Promise<GPUDevice> {
  const { maxStorageBufferBindingSize, maxBufferSize } = adapter.limits;
  try {
    return await adapter.requestDevice({ requiredLimits: { maxStorageBufferBindingSize, maxBufferSize } });
  } catch (error) {
    throw new Error(`WebGPU requestDevice failed: ${messageOf(error)}`);
  }
}

/** Requests a high-performance adapter and a device with the adapter's largest buffer limits; throws a reason. */
export async function requestWebGpuDevice(gpu: GPU | undefined = gpuOfEnvironment()):
  Promise<{ device: GPUDevice; adapter: GpuAdapterSummary }> {
  const adapter = await requestAdapter(gpu);
  return { device: await requestDevice(adapter), adapter: summarize(adapter) };
}

export interface ProbeOptions {
  /**
   * Answer for a software adapter from the adapter alone, without making a device: a caller that passes software over
   * (selectBackend on 'auto') need not wait for it. A SwiftShader device took ~0.5 s in headless Chromium on the
   * shared 2-core machine, on the path to the first figure. The device is made, and can still fail, when the reader
   * picks WebGPU by name.
   */
  softwareWithoutDevice?: boolean;
}

/** Whether the webgpu backend can run here, and why not; the device made to find out is destroyed again. */
export async function probeWebGpu(gpu: GPU | undefined = gpuOfEnvironment(), options: ProbeOptions = {}): Promise<WebGpuProbe> {
  try {
    const found = await requestAdapter(gpu);
    const adapter = summarize(found);
    if (!(options.softwareWithoutDevice && adapter.isSoftware)) (await requestDevice(found)).destroy();
    const name = adapter.description || [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
    return { ok: true, reason: `WebGPU adapter: ${name}${adapter.isSoftware ? ' (software)' : ''}`, adapterInfo: adapter };
  } catch (error) {
    return { ok: false, reason: messageOf(error) };
  }
}
