// End-to-end tests: Debian's Chromium, driven by Playwright, against the real `trellis serve` on a
// fresh SQLite database with the demo program (see global-setup.ts). No browser is downloaded:
// CHROMIUM (default /usr/bin/chromium) is the browser.
import { defineConfig, devices } from "@playwright/test";
import { fileURLToPath } from "node:url";
import { dirname, resolve } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = resolve(process.env.E2E_ARTIFACTS ?? resolve(here, "../../build/e2e-artifacts"));

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  globalSetup: "./global-setup.ts",
  outputDir: resolve(ARTIFACTS, "results"),
  // Two cores are shared with the rest of the test suite: two browsers at a time at most.
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // Generous: the machines that run this are often busy compiling at the same time.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: [["list"], ["html", { outputFolder: resolve(ARTIFACTS, "report"), open: "never" }]],
  use: {
    ...devices["Desktop Chrome"],
    viewport: { width: 1280, height: 860 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      // Without the networking flags Chromium stalls on the connections it cannot make here.
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
