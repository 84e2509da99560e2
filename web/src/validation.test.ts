import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("zod", () => {
  it("is imported only through validation.ts, which makes it safe under the CSP", () => {
    const direct = sources("src").filter(
      (f) => !f.endsWith("validation.ts") && /from ["']zod["']/.test(readFileSync(f, "utf8")),
    );
    expect(direct).toEqual([]);
  });
});
