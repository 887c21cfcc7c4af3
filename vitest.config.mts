import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@contract': fileURLToPath(new URL('./src-main/contract', import.meta.url)) } },
  test: {
    include: ['tests/{unit,integration,contract}/**/*.test.ts'],
    environment: 'node',
    // Generous: a test that hangs still fails, and on two cores shared with other work a
    // set-up that takes 5 s alone can take 40.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll waits for a condition; 1 s (vitest's default) is too short on two loaded
    // cores, where a shell's prompt or a poller's first sweep can take longer.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
  },
});
