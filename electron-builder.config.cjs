'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: electron-builder loads it with require. */
// Packaging: `npm run dist` builds Wharf for the platform it runs on (AppImage and deb on
// Linux, dmg for x64 and arm64 on macOS, an NSIS installer on Windows) into dist/.
// - What goes in: the built app (out/), package.json, the window icon, and the production
//   dependencies; node-pty is rebuilt for Electron and unpacked from the asar (its native
//   module is loaded from disk). tests/unit/packaging checks every file the app loads at run
//   time is included, against electron-builder's own schema and file rules.
// - Electron fuses are set in the afterPack hook (scripts/after-pack.cjs).
// - Signing and notarization come from the environment and are skipped when it has none:
//   CSC_LINK + CSC_KEY_PASSWORD (or CSC_NAME) sign macOS, WIN_CSC_LINK (or CSC_LINK) +
//   WIN_CSC_KEY_PASSWORD sign Windows; APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER, or
//   APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID, notarize.
// - Updates: only when WHARF_UPDATE_GITHUB=owner/repo names the GitHub repository whose
//   Releases carry them (the release workflow sets it). Without it no feed is written into the
//   package, and the app never looks for updates.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const env = process.env;

/** The [Desktop Entry] of resources/linux/wharf.desktop, minus what electron-builder writes itself. */
function desktopEntry() {
  const text = readFileSync(join(__dirname, 'resources', 'linux', 'wharf.desktop'), 'utf8');
  const entry = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match && !['Type', 'Exec', 'Icon'].includes(match[1])) entry[match[1]] = match[2];
  }
  return entry;
}

/** The GitHub Releases feed for updates, or null (no updates) when none is configured. */
function updateFeed() {
  const repo = env.WHARF_UPDATE_GITHUB;
  if (!repo) return null;
  const [owner, name] = repo.split('/');
  if (!owner || !name) throw new Error(`WHARF_UPDATE_GITHUB must be owner/repo, not ${repo}`);
  // Uploaded to the tag's draft release; publishing the draft makes it the feed.
  return [{ provider: 'github', owner, repo: name, releaseType: 'draft' }];
}

const macSigning = Boolean(env.CSC_LINK || env.CSC_NAME);
const notarizing = Boolean(
  (env.APPLE_API_KEY && env.APPLE_API_KEY_ID && env.APPLE_API_ISSUER) ||
    (env.APPLE_ID && env.APPLE_APP_SPECIFIC_PASSWORD && env.APPLE_TEAM_ID) ||
    (env.APPLE_KEYCHAIN && env.APPLE_KEYCHAIN_PROFILE),
);

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'io.github.wharf.desktop',
  productName: 'Wharf',
  executableName: 'wharf',
  copyright: 'Copyright © the Wharf developers',
  directories: { output: 'dist', buildResources: 'resources' },
  files: [
    'out/**/*',
    '!out/**/*.map',
    'package.json',
    // The window's icon on Linux and Windows (src-main/electron/window.ts).
    'resources/icons/256x256.png',
    // node-pty's C++ sources and build intermediates: not loaded at run time.
    '!node_modules/node-pty/{src,deps,scripts,node-addon-api}{,/**/*}',
    '!node_modules/node-pty/build/{Release/obj.target,Release/.deps,Release/obj,Debug}{,/**/*}',
    '!node_modules/node-pty/lib/**/*.{test.js,map}',
    // Headers node-pty compiles against; nothing loads them.
    '!node_modules/node-addon-api{,/**/*}',
  ],
  // Native code is loaded from disk, not from inside the asar.
  asarUnpack: ['node_modules/node-pty/**'],
  // Native dependencies (node-pty) rebuilt against Electron's headers.
  npmRebuild: true,
  afterPack: './scripts/after-pack.cjs',
  publish: updateFeed(),
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    icon: 'resources/icons',
    synopsis: 'A desktop dashboard for Amazon ECS',
    maintainer: env.WHARF_MAINTAINER || 'The Wharf developers <wharf@users.noreply.github.com>',
    vendor: 'The Wharf developers',
    desktop: { entry: desktopEntry() },
  },
  deb: {
    // Electron's own run-time needs on Debian and Ubuntu, and nothing more.
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
  },
  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    category: 'public.app-category.developer-tools',
    icon: 'resources/icon.icns',
    hardenedRuntime: true,
    entitlements: 'resources/mac/entitlements.mac.plist',
    entitlementsInherit: 'resources/mac/entitlements.mac.plist',
    // No certificate in the environment: not signed (the afterPack hook signs ad hoc, which
    // Apple silicon needs to start it at all).
    identity: macSigning ? undefined : null,
    notarize: notarizing,
  },
  dmg: { title: '${productName} ${version}' },
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'resources/icon.ico',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    shortcutName: 'Wharf',
  },
};
