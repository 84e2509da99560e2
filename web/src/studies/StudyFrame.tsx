// The frame of every study page for the study's staff: the study's title and status, and links
// between its pages (overview, transcripts, codebook, coding, reports).
import type { ReactNode } from "react";
import { Link, NavLink, useParams } from "react-router";
import type { StudyView } from "../api/client";
import { ErrorAlert, Loading, PageHeader } from "../components/ui";
import { STATUS_LABEL, useStudy } from "./api";
import "./studies.css";

const SECTIONS = [
  { to: "", label: "Overview" },
  { to: "/transcripts", label: "Transcripts" },
  { to: "/codebook", label: "Codebook" },
  { to: "/coding", label: "Coding" },
  { to: "/reports", label: "Reports" },
] as const;

export function useStudyId(): string {
  const { studyId } = useParams();
  return studyId ?? "";
}

export function StudyBadges({ study }: { study: Pick<StudyView, "status" | "mode" | "blind_coding"> }) {
  return (
    <span className="badges">
      <span className={`badge status-${study.status}`}>{STATUS_LABEL[study.status]}</span>
      <span className="badge">{study.mode === "anonymous" ? "Anonymous" : "Named"}</span>
      {study.blind_coding && <span className="badge">Coded blind</span>}
    </span>
  );
}

/** Loads the study and shows `children(study)` under the page heading `title — study title`. */
export function StudyFrame(props: { section: string; children: (study: StudyView) => ReactNode; actions?: ReactNode }) {
  const id = useStudyId();
  const study = useStudy(id);
  if (study.isPending) return <Loading label="Loading the study…" />;
  if (study.error)
    return (
      <>
        <PageHeader title={props.section} />
        <ErrorAlert error={study.error} title="The study could not be loaded." />
        <p>
          <Link to="/studies">All studies</Link>
        </p>
      </>
    );
  const s = study.data;
  return (
    <>
      <nav aria-label="Breadcrumbs" className="breadcrumbs">
        <Link to="/studies">Studies</Link> <span aria-hidden="true">›</span> {s.title}
      </nav>
      <PageHeader
        title={props.section === "Overview" ? s.title : `${props.section}: ${s.title}`}
        intro={<StudyBadges study={s} />}
        actions={props.actions}
      />
      {s.can_run && (
        <nav aria-label="Study" className="study-nav">
          <ul>
            {SECTIONS.map((sec) => (
              <li key={sec.label}>
                <NavLink to={`/studies/${s.id}${sec.to}`} end>
                  {sec.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {props.children(s)}
    </>
  );
}
