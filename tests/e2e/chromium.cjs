'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: Playwright's TypeScript loader and scripts/screenshots.mjs can both load it. */
// The system Chromium Playwright drives (never a downloaded one), and the flags that keep it
// quiet and offline. Shared by the Playwright config and scripts/screenshots.mjs.
const { existsSync } = require('node:fs');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the Chromium to use is, or should be: CHROMIUM_PATH, else Debian's. */
function chromiumLocation() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** The Chromium to use; throws at once, saying how to get one, when it is missing. */
function chromiumPath() {
  const path = chromiumLocation();
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH (npm test installs it where it can)`);
  }
  return path;
}

module.exports = { CHROMIUM_ARGS, chromiumLocation, chromiumPath };
