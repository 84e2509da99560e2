// Builds the router from the page table: each page behind its access check, loaded lazily.
import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent } from "react";
import { createBrowserRouter, Link, Navigate, useLocation, useRouteError } from "react-router";
import { mayOpen } from "../auth/access";
import { useSession } from "../auth/session";
import { EmptyState, ErrorAlert, Loading, PageHeader } from "../components/ui";
import { PAGES, type PageDef } from "./pages";
import { Shell } from "./Shell";

function NoAccess() {
  return (
    <>
      <PageHeader title="No access" />
      <EmptyState title="This page is not available to your account.">
        <p>
          It belongs to a role you do not hold. <Link to="/">Go to your home page</Link>.
        </p>
      </EmptyState>
    </>
  );
}

function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState title="There is no page at this address.">
        <p>
          <Link to="/">Go to your home page</Link>.
        </p>
      </EmptyState>
    </>
  );
}

function RouteError() {
  const error = useRouteError();
  return (
    <main id="main" className="app">
      <h1>Something went wrong</h1>
      <ErrorAlert error={error} />
      <p>
        <a href="/">Reload Trellis</a>
      </p>
    </main>
  );
}

function Guarded({ page, Component }: { page: PageDef; Component: LazyExoticComponent<ComponentType> }) {
  const { account, isLoading, error } = useSession();
  const location = useLocation();
  // Fetch the page's code while the session is being read, not after: on a first visit the two
  // requests then overlap instead of following each other. (Code is not secret; access is
  // still checked below and by the server.)
  useEffect(() => {
    void page.load();
  }, [page]);
  if (isLoading) return <Loading />;
  if (error) return <ErrorAlert error={error} title="Trellis could not read your session." />;
  if (!mayOpen(page.audience, account)) {
    if (page.audience.kind === "signed-out") {
      const next = new URLSearchParams(location.search).get("next");
      return <Navigate to={next?.startsWith("/") ? next : "/"} replace />;
    }
    if (!account) {
      const next = encodeURIComponent(location.pathname + location.search);
      return <Navigate to={`/sign-in?next=${next}`} replace />;
    }
    return <NoAccess />;
  }
  return (
    <Suspense fallback={<Loading />}>
      <Component />
    </Suspense>
  );
}

export function createRouter() {
  return createBrowserRouter([
    {
      element: <Shell />,
      errorElement: <RouteError />,
      children: [
        ...PAGES.map((page) => {
          const Component = lazy(page.load);
          return { path: page.path, element: <Guarded page={page} Component={Component} /> };
        }),
        { path: "*", element: <NotFound /> },
      ],
    },
  ]);
}
