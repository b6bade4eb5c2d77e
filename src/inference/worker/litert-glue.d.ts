/** LiteRT.js's Emscripten glue scripts, imported as modules (Vite wraps the UMD script). */
declare module '@litertjs/core/wasm/*.js' {
  const factory: unknown;
  export default factory;
}
