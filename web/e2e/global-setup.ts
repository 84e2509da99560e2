// Starts `trellis serve` on a free port with a fresh SQLite database holding the demo program,
// serving the built web app (web/dist). Its address reaches the tests in TRELLIS_E2E_URL.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export default async function globalSetup() {
  const binary = resolve(process.env.TRELLIS_BINARY ?? resolve(here, "../../build/release/trellis"));
  const staticDir = resolve(here, "../dist");
  if (!existsSync(binary)) throw new Error(`no trellis binary at ${binary}; build it or set TRELLIS_BINARY`);
  if (!existsSync(join(staticDir, "index.html")))
    throw new Error(`no built web app in ${staticDir}; run npm run build`);

  // trellis refuses TRELLIS_* variables it does not know (TRELLIS_BINARY, say): pass none.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("TRELLIS_")));
  const dir = mkdtempSync(join(tmpdir(), "trellis-e2e-"));
  const settings = ["--set", `database_url=sqlite:${join(dir, "e2e.db")}`];
  const demo = spawnSync(binary, ["demo", ...settings], { encoding: "utf8", env });
  if (demo.status !== 0) throw new Error(`trellis demo failed:\n${demo.stdout}\n${demo.stderr}`);

  const server = spawn(
    binary,
    ["serve", ...settings, "--set", "port=0", "--set", "listen_host=127.0.0.1", "--set", `static_dir=${staticDir}`],
    { stdio: ["ignore", "pipe", "pipe"], env },
  );
  let log = "";
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`trellis serve did not start within 60 s:\n${log}`)), 60_000);
    const read = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        ok(match[1]!);
      }
    };
    server.stdout.on("data", read);
    server.stderr.on("data", read);
    server.on("exit", (code) => fail(new Error(`trellis serve exited with ${code}:\n${log}`)));
  });
  process.env.TRELLIS_E2E_URL = url;

  return async () => {
    server.kill("SIGTERM");
    await new Promise((done) => server.once("exit", done));
    rmSync(dir, { recursive: true, force: true });
  };
}
