// Who may open which page. Pure functions of the signed-in account, so the navigation, the route
// guards and their tests agree.
import type { Account, Role } from "../api/client";

/** Who a page is for. */
export type Audience =
  | { kind: "anyone" } //          signed in or not (invitation links)
  | { kind: "signed-out" } //      sign-in, forgot and reset password
  | { kind: "signed-in" } //       any account
  | { kind: "member" } //          any role in some cohort, or an administrator
  | { kind: "roles"; roles: readonly Role[] } // one of these roles somewhere, or an administrator
  | { kind: "holds"; roles: readonly Role[] } // one of these roles somewhere (pages about one's own work)
  | { kind: "admin" }; //          site administrators only

export function rolesOf(account: Account): Set<Role> {
  return new Set(account.roles.map((g) => g.role));
}

export function hasRole(account: Account, role: Role): boolean {
  return account.roles.some((g) => g.role === role);
}

/** Whether the account (undefined when signed out) may open a page for this audience. */
export function mayOpen(audience: Audience, account: Account | undefined): boolean {
  switch (audience.kind) {
    case "anyone":
      return true;
    case "signed-out":
      return account === undefined;
    case "signed-in":
      return account !== undefined;
    case "member":
      return account !== undefined && (account.is_admin || account.roles.length > 0);
    case "roles":
      return account !== undefined && (account.is_admin || account.roles.some((g) => audience.roles.includes(g.role)));
    case "holds":
      return account !== undefined && account.roles.some((g) => audience.roles.includes(g.role));
    case "admin":
      return account?.is_admin === true;
  }
}

/** Program ids in which the account is an organizer. */
export function organizerPrograms(account: Account): Set<string> {
  return new Set(account.roles.filter((g) => g.role === "organizer").map((g) => g.program_id));
}

/** Whether the account may manage (create, rename, import into) things of this program. */
export function managesProgram(account: Account, programId: string): boolean {
  return account.is_admin || organizerPrograms(account).has(programId);
}
