import { describe, expect, it } from "vitest";
import { fetchAllPages } from "./paging";

describe("fetchAllPages", () => {
  it("follows next_cursor until a page has none, in order", async () => {
    const pages: Record<string, { items: number[]; next_cursor?: string }> = {
      "": { items: [1, 2], next_cursor: "b" },
      b: { items: [3], next_cursor: "c" },
      c: { items: [4, 5] },
    };
    const asked: (string | undefined)[] = [];
    const items = await fetchAllPages(async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? ""]!;
    });
    expect(items).toEqual([1, 2, 3, 4, 5]);
    expect(asked).toEqual([undefined, "b", "c"]);
  });

  it("reads one page when the first has no cursor", async () => {
    let calls = 0;
    const items = await fetchAllPages(async () => {
      calls++;
      return { items: ["only"] };
    });
    expect(items).toEqual(["only"]);
    expect(calls).toBe(1);
  });

  it("passes a failed page's error on", async () => {
    await expect(fetchAllPages(() => Promise.reject(new Error("503")))).rejects.toThrow("503");
  });
});
