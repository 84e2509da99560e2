import { z } from "../validation";

// The server's rule (ADR 0005): 12 to 128 characters, no composition rules; it also refuses
// common passwords, which only it can check.
export const newPassword = z.string().min(12, "Use at least 12 characters.").max(128, "Use at most 128 characters.");

/** Fields `new_password` and `confirm`, which must match. */
export const newPasswordPair = z
  .object({ new_password: newPassword, confirm: z.string() })
  .refine((v) => v.new_password === v.confirm, {
    path: ["confirm"],
    message: "The two passwords differ.",
  });

/** The secret of a one-time link, carried in the URL fragment (#token=…). */
export function tokenFromFragment(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  return token || undefined;
}
