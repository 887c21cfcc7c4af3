'use strict';
// electron-builder's afterPack hook (electron-builder.config.cjs): sets Electron's fuses in the
// packaged binary, after the asar is written and before the app is signed. Each fuse is a bit
// in the binary that turns a capability off for good, whatever the command line or the
// environment says:
// - RunAsNode off: ELECTRON_RUN_AS_NODE cannot turn Wharf into a plain Node (the Demo sim runs
//   in a utilityProcess, which needs no such thing);
// - NODE_OPTIONS and --inspect/--inspect-brk off: no code injected or debugger attached from
//   outside;
// - cookies encrypted at rest with the OS keychain;
// - the asar's integrity checked at start (macOS and Windows; electron-builder embeds the hash),
//   and the app loaded only from that asar;
// - file:// gets no extra privileges (Wharf serves its pages from its own app:// protocol).
// Every fuse of the wire is set (strictlyRequireAllFuses): a new one in a later Electron stops
// the build until it is decided here.

const { join } = require('node:path'); // eslint-disable-line @typescript-eslint/no-require-imports -- CommonJS: electron-builder requires its hooks

/** The fuse settings, by @electron/fuses's FuseV1Options names. */
const FUSES = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
  WasmTrapHandlers: true,
};

/** Where electron-builder put the Electron binary of this package. */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  if (electronPlatformName === 'linux') return join(appOutDir, packager.executableName);
  const ext = electronPlatformName === 'win32' ? '.exe' : '.app';
  return join(appOutDir, `${packager.appInfo.productFilename}${ext}`);
}

/** The @electron/fuses config: FUSES by index, every fuse required. */
function fuseConfig(fuses, { FuseV1Options, FuseVersion }, platform) {
  const config = { version: FuseVersion.V1, strictlyRequireAllFuses: true };
  for (const [name, on] of Object.entries(FUSES)) {
    if (!(name in FuseV1Options)) throw new Error(`@electron/fuses knows no fuse ${name}`);
    config[FuseV1Options[name]] = on;
  }
  // Flipping a fuse breaks the binary's signature; on macOS re-sign it ad hoc so an unsigned
  // build still starts on Apple silicon (a real identity signs it again right after this).
  if (platform === 'darwin' || platform === 'mas') config.resetAdHocDarwinSignature = true;
  return config;
}

async function afterPack(context) {
  const fuses = await import('@electron/fuses');
  const binary = electronBinary(context);
  const config = fuseConfig(FUSES, fuses, context.electronPlatformName);
  await fuses.flipFuses(binary, config);
  const wire = await fuses.getCurrentFuseWire(binary);
  const wrong = Object.entries(FUSES).filter(([name, on]) => wire[fuses.FuseV1Options[name]] !== (on ? fuses.FuseState.ENABLE : fuses.FuseState.DISABLE));
  if (wrong.length) throw new Error(`Fuses not set in ${binary}: ${wrong.map(([name]) => name).join(', ')}`);
  console.log(`  • fuses set in ${binary}: ${Object.entries(FUSES).map(([name, on]) => `${name}=${on ? 'on' : 'off'}`).join(', ')}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.fuseConfig = fuseConfig;
module.exports.electronBinary = electronBinary;
