"use strict";
// Load: 10,000 concurrent invokes from 4 windows (harness + generated glue
// + real addon, async handler), three rounds after a warm-up one. Every
// reply must reach its own caller (each call carries a unique nonce the
// handler echoes) and memory must return to its baseline. A leak check,
// not a timing test; run in a child process for `--expose-gc`.

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { it } = require("node:test");

/** Heap growth allowed after 30,000 calls: under 70 bytes per call. */
const HEAP_BOUND = 2 * 1024 * 1024;
/** RSS growth allowed: allocators keep freed pages, so this is generous. */
const RSS_BOUND = 128 * 1024 * 1024;

it("10,000 concurrent invokes from 4 windows: every reply to its caller, memory back to baseline", () => {
  const child = spawnSync(process.execPath, ["--expose-gc", path.join(__dirname, "fixtures", "load.js")], {
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(child.status, 0, child.stderr);
  const figures = JSON.parse(child.stdout);
  console.log(`load: ${JSON.stringify(figures)}`);
  for (const round of figures.rounds) assert.equal(round.routed, figures.calls);
  assert.equal(figures.uncaught, 0);
  const heap = figures.heapAfter - figures.heapBefore;
  const rss = figures.rssAfter - figures.rssBefore;
  assert.ok(heap < HEAP_BOUND, `heap grew by ${heap} bytes`);
  assert.ok(rss < RSS_BOUND, `RSS grew by ${rss} bytes`);
});
