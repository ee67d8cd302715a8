// Compute pipelines cached by shader variant (op, tile shape, transposes...), built on first use. Each build runs
// inside a validation error scope, so a shader the driver rejects is reported (GpuHealth) instead of failing
// silently at dispatch time.
import { messageOf, type GpuHealth } from './health';

export class PipelineCache {
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice, private readonly health: GpuHealth) {}

  get(key: string, wgsl: () => string): GPUComputePipeline {
    const cached = this.pipelines.get(key);
    if (cached) return cached;
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ code: wgsl(), label: key });
    const pipeline = this.device.createComputePipeline({ label: key, layout: 'auto', compute: { module, entryPoint: 'main' } });
    this.device.popErrorScope().then(
      (error) => { if (error) this.health.fail(`pipeline ${key} failed to build: ${error.message}`); },
      (error: unknown) => this.health.fail(`pipeline ${key}: ${messageOf(error)}`),
    );
    this.pipelines.set(key, pipeline);
    return pipeline;
  }

  get size(): number {
    return this.pipelines.size;
  }
}
