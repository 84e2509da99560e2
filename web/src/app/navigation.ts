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

/** One entry of the bar: a link, or a menu of links (a group of more than one link). */
export type NavEntry = { kind: "link"; link: NavLink } | { kind: "menu"; label: string; links: NavLink[] };

const MENU_LABELS: Record<Exclude<NavGroup, "main" | "account">, string> = {
  reports: "Reports",
  program: "Program setup",
};

/** The bar's entries (the account group aside): each menu where its first link would be. */
export function navigationBar(links: readonly NavLink[]): NavEntry[] {
  const entries: NavEntry[] = [];
  const menus = new Map<NavGroup, NavLink[]>();
  for (const link of links) {
    if (link.group === "account") continue;
    if (link.group === "main") {
      entries.push({ kind: "link", link });
      continue;
    }
    const open = menus.get(link.group);
    if (open) open.push(link);
    else {
      const menu: NavLink[] = [link];
      menus.set(link.group, menu);
      entries.push({ kind: "menu", label: MENU_LABELS[link.group], links: menu });
    }
  }
  return entries.map((e) => (e.kind === "menu" && e.links.length === 1 ? { kind: "link", link: e.links[0]! } : e));
}
