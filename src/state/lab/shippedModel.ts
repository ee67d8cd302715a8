// Downloads the shipped base checkpoint (public/models/default.tbt, written by `npm run train -- --preset default`),
// reporting progress, since on a slow connection it takes longer than a second.

export const SHIPPED_MODEL_URL = './models/default.tbt';

export async function fetchShippedModel(onProgress: (loaded: number, total: number) => void): Promise<ArrayBuffer> {
  const response = await fetch(SHIPPED_MODEL_URL);
  if (!response.ok) throw new Error(`the server answered ${response.status} for ${SHIPPED_MODEL_URL}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  if (!response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    onProgress(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes.buffer;
}
