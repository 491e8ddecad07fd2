declare module '*.yaml' {
  const data: unknown;
  export default data;
  /** The file's text, for error messages that point at a line. */
  export const source: string;
}

/** Set by the build (tsup and vitest define them). */
declare const __BULWARK_VERSION__: string;
declare const __BULWARK_BUILD_ID__: string;
