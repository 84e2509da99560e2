import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// The Trellis server to proxy API calls to during `npm run dev`.
const apiTarget = process.env.TRELLIS_DEV_API ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  build: {
    // The manifest lets scripts/bundle-size.mjs find what the first page loads.
    manifest: true,
    // Keep every asset a file: the server's CSP allows no data: URLs or inline code.
    assetsInlineLimit: 0,
    target: "es2022",
    sourcemap: false,
    // ECharts (loaded only with the first chart) is one large chunk by design.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      "/api": { target: apiTarget, changeOrigin: false },
      "/healthz": apiTarget,
    },
  },
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
  },
});
