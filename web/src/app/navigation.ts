import type { Account } from "../api/client";
import { mayOpen } from "../auth/access";
import { PAGES, type NavGroup } from "./pages";

export interface NavLink {
  path: string;
  label: string;
  group: NavGroup;
}

/** The navigation links this account sees, in table order. */
export function navigationFor(account: Account, pages = PAGES): NavLink[] {
  return pages
    .filter((p) => p.nav && mayOpen(p.audience, account))
    .map((p) => ({ path: p.path, label: p.nav?.label ?? p.title, group: p.nav!.group }));
}
