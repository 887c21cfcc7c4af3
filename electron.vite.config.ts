import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

/** The commit this build is made from, for the About dialog: the CI's, else git's, else unknown. */
function buildCommit(): string {
  if (process.env.GITHUB_SHA) return process.env.GITHUB_SHA.slice(0, 12);
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: __dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short=12', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') ? `${commit} (modified)` : commit;
  } catch {
    return 'unknown';
  }
}

// Main-side bundles: the Electron shell, browser mode and the standalone sim all come out
// of one build so `npm run web` and the packaged app run the same code.
export default defineConfig({
  main: {
    define: { __WHARF_COMMIT__: JSON.stringify(buildCommit()) },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          web: resolve(__dirname, 'src-main/web/index.ts'),
          sim: resolve(__dirname, 'src-main/sim/cli.ts'),
          // History's store runs in a worker thread, from its own file beside the bundle.
          'history-worker': resolve(__dirname, 'src-main/core/history/history-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        // A sandboxed preload must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: { alias: { '@contract': resolve(__dirname, 'src-main/contract') } },
    plugins: [vue()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
