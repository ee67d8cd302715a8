// Whether the webgpu backend can still run, and why not. Device loss, a pipeline that fails to build and a
// validation or out-of-memory error all end here, once; the engine reads `reason` to tell the reader and to fall
// back to wasm or js (backends/migrate.ts carries the weights over).
export class GpuHealth {
  reason: string | null = null;

  constructor(private readonly onLost?: (reason: string) => void) {}

  fail(reason: string): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.onLost?.(reason);
  }

  /** Throws when the backend can no longer run work. */
  check(): void {
    if (this.reason !== null) throw new Error(`the webgpu backend stopped: ${this.reason}`);
  }
}

/** Message of whatever a failed WebGPU call threw or an error scope caught. */
export function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return String(error);
}
