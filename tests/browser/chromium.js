"use strict";
// The system's Chromium for the browser tests, driven by playwright-core
// (which downloads no browser): Debian's `chromium` package, which
// scripts/install-chromium.sh installs, or the executable CHROMIUM_PATH
// names.

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

/** The path of a Chromium executable, or undefined. */
function findChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ["chromium", "chromium-browser"]) {
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
      const candidate = path.join(dir, name);
      if (dir !== "" && fs.existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Why the browser tests cannot run here, or false when they can. */
function skipReason(executable) {
  if (executable === undefined) {
    return "Chromium is not installed: run ./scripts/install-chromium.sh (Debian's chromium), or set CHROMIUM_PATH";
  }
  const probe = spawnSync(executable, ["--version"], { encoding: "utf8", timeout: 30_000 });
  if (probe.status !== 0) return `${executable} --version failed: ${probe.stderr || probe.error}`;
  return false;
}

/** Launches it headless. As root (CI, containers) Chromium's own sandbox cannot start: it is turned off there. */
async function launchChromium(executable) {
  const { chromium } = require("playwright-core");
  const args = process.getuid?.() === 0 ? ["--no-sandbox"] : [];
  return chromium.launch({ executablePath: executable, headless: true, args });
}

/**
 * Loose checks of a PNG screenshot, decoded by the browser itself (a canvas):
 * its size, the share of pixels unlike the most common colour, and how many
 * colours it has.
 */
async function screenshotStats(browser, png) {
  const page = await browser.newPage();
  try {
    return await page.evaluate(async (base64) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement("canvas");
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext("2d");
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const counts = new Map();
      for (let i = 0; i < data.length; i += 4) {
        const colour = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        counts.set(colour, (counts.get(colour) ?? 0) + 1);
      }
      const pixels = data.length / 4;
      const dominant = Math.max(...counts.values());
      return { width: canvas.width, height: canvas.height, colours: counts.size, inked: (pixels - dominant) / pixels };
    }, png.toString("base64"));
  } finally {
    await page.close();
  }
}

module.exports = { findChromium, launchChromium, screenshotStats, skipReason };
