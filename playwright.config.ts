import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './e2e/chromium';

const port = Number(process.env.E2E_PORT ?? 8791);

/**
 * The e2e suite in three folders, one Playwright project each, so every test's name says what it drives
 * (`[ceremony] › …`): `ceremony/` runs real ceremonies (browsers, and headless participants, against the
 * real server; rehearsal runs the real protocol with simulated people), `screens/` renders each screen from
 * fixture data without protocol or network, `smoke/` loads the app and the server's health check.
 * `npx playwright test --project=screens` runs one of them. scripts/repoChecks.test.ts fails if a spec lies
 * outside these folders (it would run in no project).
 */
export const E2E_PROJECTS = ['ceremony', 'screens', 'smoke'] as const;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  projects: E2E_PROJECTS.map((name) => ({ name, testDir: `e2e/${name}` })),
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '.tmp/playwright.json' }]],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    trace: 'retain-on-failure',
  },
  webServer: {
    // A real signalling server process serving a test build (fault switches compiled in).
    command: `FROST_TEST_FAULTS=1 FROST_OUT_DIR=dist-e2e npx vite build --logLevel warn && node bin/frost-ceremony.mjs serve --port ${port} --static dist-e2e`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
