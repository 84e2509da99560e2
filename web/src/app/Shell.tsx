// The frame around every page: skip link, header with the navigation this account may use, and
// the main region.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, NavLink, Outlet, useLocation, useNavigate } from "react-router";
import { api, unwrap, type Account } from "../api/client";
import { useSession, useSessionChanged } from "../auth/session";
import { navigationBar, navigationFor, type NavLink as NavLinkData } from "./navigation";

function SignOutButton() {
  const sessionChanged = useSessionChanged();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/sessions/current")),
    onSettled: async () => {
      await sessionChanged(undefined);
      navigate("/sign-in", { replace: true });
    },
  });
  return (
    <button type="button" className="button subtle" onClick={() => signOut.mutate()}>
      Sign out
    </button>
  );
}

function Navigation({ account }: { account: Account }) {
  const location = useLocation();
  // The menu is open on the page where it was opened; following a link closes it, without an
  // effect that would render the new page once with the menu still open.
  const [openOn, setOpenOn] = useState<string | undefined>(undefined);
  const open = openOn === location.pathname;
  const links = navigationFor(account);
  const bar = navigationBar(links);
  const mine = links.filter((l) => l.group === "account");
  const item = (l: NavLinkData) => (
    <li key={l.path}>
      <NavLink to={l.path} end={l.path === "/"}>
        {l.label}
      </NavLink>
    </li>
  );
  return (
    <>
      <button
        type="button"
        className="button subtle nav-toggle"
        aria-expanded={open}
        aria-controls="site-nav"
        onClick={() => setOpenOn(open ? undefined : location.pathname)}
      >
        Menu
      </button>
      <nav id="site-nav" aria-label="Main" className={open ? "site-nav open" : "site-nav"}>
        <ul className="nav-main">
          {bar.map((e) =>
            e.kind === "link" ? (
              item(e.link)
            ) : (
              // Keyed by the page: following a link re-mounts the menu, closed.
              <li key={`${e.label}-${location.pathname}`} className="nav-menu">
                <details>
                  <summary
                    className={e.links.some((l) => location.pathname.startsWith(l.path)) ? "current" : undefined}
                  >
                    {e.label}
                  </summary>
                  <ul>{e.links.map(item)}</ul>
                </details>
              </li>
            ),
          )}
        </ul>
        <ul className="nav-account" aria-label="Your account">
          <li key={`account-${location.pathname}`} className="nav-menu nav-menu-end">
            <details>
              <summary>{account.display_name}</summary>
              <ul>{mine.map(item)}</ul>
            </details>
          </li>
          <li className="nav-user">
            <SignOutButton />
          </li>
        </ul>
      </nav>
    </>
  );
}

export function Shell() {
  const { account } = useSession();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Trellis
        </Link>
        {account && <Navigation account={account} />}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
