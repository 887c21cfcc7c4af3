import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type IPty } from 'node-pty';

/**
 * A real shell in a pseudo-terminal, in a throwaway directory that is also its HOME, with a
 * prompt that says where it is. Removed when the shell ends.
 */

export interface Shell {
  pty: IPty;
  dir: string;
  dispose(): void;
}

export function startShell(i: { command: string; cols: number; rows: number; containerName: string }): Shell {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-exec-'));
  const [file, args] = commandLine(i.command);
  const pty = spawn(file, args, {
    name: 'xterm-256color',
    cols: i.cols,
    rows: i.rows,
    cwd: dir,
    // Binary output: the agent forwards bytes, split wherever a message ends.
    encoding: null,
    env: {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: dir,
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      PS1: `${i.containerName}# `,
      ENV: '',
    },
  });
  let disposed = false;
  return {
    pty,
    dir,
    dispose() {
      if (disposed) return;
      disposed = true;
      try {
        pty.kill();
      } catch {
        // Already gone.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A bare program path with plain words runs directly; anything else goes through sh -c. */
function commandLine(command: string): [string, string[]] {
  const words = command.trim().split(/\s+/);
  if (words.length > 0 && words[0].startsWith('/') && /^[\w./=-]+$/.test(words.join(''))) return [words[0], words.slice(1)];
  return ['/bin/sh', ['-c', command]];
}
