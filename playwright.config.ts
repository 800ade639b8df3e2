// Why: drive the system Chromium (CHROMIUM_PATH) since Playwright browsers cannot be downloaded here; serve app + embed host.
import { defineConfig } from '@playwright/test';

const executablePath = process.env.CHROMIUM_PATH || undefined;
// Ports are settable so a second checkout can run its browser tests beside this one.
const appPort = Number(process.env.APP_PORT || 3000);
const embedPort = Number(process.env.EMBED_PORT || 3001);

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${appPort}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      command: `node node_modules/next/dist/bin/next start -H 127.0.0.1 -p ${appPort}`,
      url: `http://127.0.0.1:${appPort}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: { NEXT_TELEMETRY_DISABLED: '1' },
    },
    {
      command: 'node e2e/embed-server.mjs',
      url: `http://127.0.0.1:${embedPort}/`,
      reuseExistingServer: !process.env.CI,
    },
  ],
});
