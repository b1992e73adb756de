/** Facts from `@tripokit/core`, written into the page by `scripts/build-viewer.ts` (core is Node code). */
declare const __TRIPOKIT_VIEWER__: {
  version: string;
  /** Credits per button, from core's price list. */
  credits: { lowpoly: number; convert: number; animate: number };
  convertFormats: string[];
  animations: string[];
};
