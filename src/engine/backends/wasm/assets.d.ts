// Vite's `?url` imports of the compiled kernels (the loader uses them only in the browser).
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
