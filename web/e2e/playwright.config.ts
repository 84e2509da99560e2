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
  // Two browsers at a time at most: on two cores more workers only make every test slower. The
  // files share one server and database, so each test owns the data it asserts on (helpers.ts).
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  fullyParallel: false,
  forbidOnly: true,
  // No retries: a test that passes only on its second try hides a bug in it or in the product.
  retries: 0,
  // Generous, for machines busy with other work (`make test-stress` runs the suite beside two
  // CPU hogs): a test that hits these has hung, not merely run slowly. Heavy tests say test.slow().
  timeout: 180_000,
  expect: { timeout: 30_000 },
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
