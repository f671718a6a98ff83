// The part of jsdom's API these tests use (jsdom ships no declarations).
declare module "jsdom" {
  export class JSDOM {
    constructor(html: string, options?: { runScripts?: "outside-only" | "dangerously" });
    readonly window: Window & typeof globalThis;
  }
}
