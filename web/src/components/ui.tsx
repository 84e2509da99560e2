// Small building blocks every page uses: page heading, loading and empty states, error alerts.
import { useEffect, useRef, type ReactNode } from "react";
import { ApiError } from "../api/client";

// The first page shown leaves focus where the browser puts it (so Tab reaches the skip link);
// every page after it takes focus, as a new document would.
let firstPage = true;

/** The page's heading. Sets the document title and takes focus after navigation, so screen
 * readers announce the new page. */
export function PageHeader(props: { title: string; intro?: ReactNode; actions?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} · Trellis`;
    if (!firstPage) ref.current?.focus({ preventScroll: true });
    firstPage = false;
  }, [props.title]);
  return (
    <header className="page-header">
      <div>
        <h1 ref={ref} tabIndex={-1}>
          {props.title}
        </h1>
        {props.intro && <p className="intro">{props.intro}</p>}
      </div>
      {props.actions && <div className="page-actions">{props.actions}</div>}
    </header>
  );
}

export function Loading(props: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {props.label ?? "Loading…"}
    </p>
  );
}

export function EmptyState(props: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{props.title}</p>
      {props.children && <div className="empty-text">{props.children}</div>}
    </div>
  );
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

/** An error that concerns the whole page or form, not one field. */
export function ErrorAlert(props: { error: unknown; title?: string }) {
  if (!props.error) return null;
  return (
    <div className="alert alert-error" role="alert">
      {props.title && <p className="alert-title">{props.title}</p>}
      <p>{messageOf(props.error)}</p>
    </div>
  );
}

export function SuccessAlert(props: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      {props.children}
    </div>
  );
}

export function Card(props: { title?: string; children: ReactNode; className?: string }) {
  return (
    <section className={`card ${props.className ?? ""}`} aria-label={props.title}>
      {props.title && <h2>{props.title}</h2>}
      {props.children}
    </section>
  );
}
