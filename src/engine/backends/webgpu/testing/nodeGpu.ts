// A WebGPU device in Node for tests and scripts: Dawn (the `webgpu` npm package) driving Chromium's SwiftShader
// Vulkan driver (TOOLCHAIN.md §4). Dawn dlopens "libvulkan.so.1"; when the system has no Vulkan loader
// (Debian's libvulkan1 is not installed here) we load the copy shipped with Chromium first, marked NODELETE so it
// stays resident, and Dawn's dlopen then finds it by its soname.
import { existsSync } from 'node:fs';

const CHROMIUM_DIR = process.env.CHROMIUM_LIB_DIR ?? '/usr/lib/chromium';
const SYSTEM_VULKAN = ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1',
  '/usr/lib64/libvulkan.so.1', '/usr/lib/libvulkan.so.1'];
const RTLD_NOW = 2, RTLD_GLOBAL = 0x100, RTLD_NODELETE = 0x1000;

function preloadVulkanLoader(): void {
  if (SYSTEM_VULKAN.some((p) => existsSync(p))) return;
  const bundled = `${CHROMIUM_DIR}/libvulkan.so.1`;
  if (!existsSync(bundled)) return;
  try {
    process.dlopen({ exports: {} }, bundled, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE);
  } catch {
    // Expected: it is not a Node addon ("did not self-register"), but the library is now loaded.
  }
}

let gpu: GPU | null = null;

/**
 * Node's GPU object (one per process). By default set up for SwiftShader unless VK_ICD_FILENAMES already names a
 * driver; `{ driver: 'system' }` leaves the Vulkan driver choice to the system (a real GPU: scripts/bench-gpu).
 */
export async function nodeGpu({ driver = 'swiftshader' }: { driver?: 'swiftshader' | 'system' } = {}): Promise<GPU> {
  if (gpu) return gpu;
  if (driver === 'swiftshader') process.env.VK_ICD_FILENAMES ??= `${CHROMIUM_DIR}/vk_swiftshader_icd.json`;
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  preloadVulkanLoader();
  const { create } = await import('webgpu');
  gpu = create([]) as GPU;
  return gpu;
}

/** A fresh device on Node's first adapter; throws with the reason when there is none. */
export async function createNodeDevice(): Promise<GPUDevice> {
  const adapter = await (await nodeGpu()).requestAdapter();
  if (!adapter) {
    throw new Error(`no WebGPU adapter in Node: needs ${process.env.VK_ICD_FILENAMES} and a Vulkan loader (libvulkan.so.1)`);
  }
  const { maxStorageBufferBindingSize, maxBufferSize } = adapter.limits;
  return adapter.requestDevice({ requiredLimits: { maxStorageBufferBindingSize, maxBufferSize } });
}
