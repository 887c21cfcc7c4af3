// `npm run icons`: every icon file the platforms need, rendered from resources/icon.svg (the one
// source) with resvg, and packed into ICNS (macOS) and ICO (Windows) with png2icons. All in
// this process: nothing is downloaded. The outputs are committed; tests/unit/packaging checks
// they match the SVG, so run this after changing it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Linux's icon theme sizes (electron-builder takes the folder); 1024 feeds ICNS and ICO. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

/** Renders the SVG at `size` pixels square. */
export function renderPng(svg, size) {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng());
}

/** Every icon file, as { path relative to the root: bytes }. */
export function renderIcons(svg = readFileSync(join(ROOT, 'resources', 'icon.svg'))) {
  const files = {};
  for (const size of PNG_SIZES) files[`resources/icons/${size}x${size}.png`] = renderPng(svg, size);
  const big = files['resources/icons/1024x1024.png'];
  png2icons.setLogger(() => undefined);
  const icns = png2icons.createICNS(big, png2icons.BICUBIC, 0);
  // PNG entries (Vista and later), with the sizes a Windows executable needs (16 to 256).
  const ico = png2icons.createICO(big, png2icons.BICUBIC, 0, true, true);
  if (!icns || !ico) throw new Error('png2icons could not pack the icons');
  files['resources/icon.icns'] = icns;
  files['resources/icon.ico'] = ico;
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [path, bytes] of Object.entries(renderIcons())) {
    mkdirSync(dirname(join(ROOT, path)), { recursive: true });
    writeFileSync(join(ROOT, path), bytes);
    console.log(`${relative(process.cwd(), join(ROOT, path))}  ${bytes.length} bytes`);
  }
}
