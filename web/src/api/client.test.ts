import { describe, expect, it } from "vitest";
import { ApiError, unwrap } from "./client";
import { tokenFromFragment } from "../auth/passwords";

describe("unwrap", () => {
  it("returns the data of a successful answer", async () => {
    const data = await unwrap(Promise.resolve({ data: { id: "x" }, response: new Response(null, { status: 200 }) }));
    expect(data).toEqual({ id: "x" });
  });

  it("turns the API's error body into an ApiError with field and details", async () => {
    const error = {
      error: {
        code: "invalid" as const,
        message: "The roster has problems; nothing was imported.",
        details: [{ line: 3, column: "email", message: "not an email address" }],
      },
    };
    const call = unwrap(Promise.resolve({ error, response: new Response(null, { status: 400 }) }));
    await expect(call).rejects.toBeInstanceOf(ApiError);
    const e = (await call.catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(400);
    expect(e.code).toBe("invalid");
    expect(e.details).toEqual([{ line: 3, column: "email", message: "not an email address" }]);
  });

  it("keeps the current resource a stale-version conflict sends beside the error", async () => {
    const error = {
      error: { code: "conflict" as const, message: "The codebook changed." },
      current: { version: 7, items: [] },
    };
    const e = (await unwrap(Promise.resolve({ error, response: new Response(null, { status: 409 }) })).catch(
      (x: unknown) => x,
    )) as ApiError;
    expect(e.status).toBe(409);
    expect(e.current).toEqual({ version: 7, items: [] });
  });

  it("reports a failed connection as a network error", async () => {
    const e = (await unwrap(Promise.reject(new TypeError("fetch failed"))).catch((x: unknown) => x)) as ApiError;
    expect(e.code).toBe("network");
    expect(e.status).toBe(0);
  });
});

describe("one-time links", () => {
  it("reads the secret from the URL fragment", () => {
    expect(tokenFromFragment("#token=abc123")).toBe("abc123");
    expect(tokenFromFragment("")).toBeUndefined();
    expect(tokenFromFragment("#other=1")).toBeUndefined();
  });
});
