import { describe, expect, it } from "vitest";
import { passedOverNote, reportRound, type AssessmentRound } from "./assessments";

function round(name: string, opens: string, state: AssessmentRound["state"], submitted: number): AssessmentRound {
  return {
    id: name,
    cohort_id: "c",
    name,
    opens_at: `${opens}T09:00:00Z`,
    closes_at: `${opens}T09:00:00Z`,
    state,
    framework_version_id: "f",
    rater_kinds: ["self"],
    peers_per_scholar: 0,
    peer_selection: "none",
    assignments: 10,
    submitted,
    created_at: `${opens}T09:00:00Z`,
  } as AssessmentRound;
}

describe("reportRound", () => {
  const baseline = round("Baseline", "2027-01-18", "closed", 10);
  const midpoint = round("Midpoint", "2027-03-01", "closed", 8);
  const final = round("Final", "2027-04-26", "open", 0);
  const later = round("Later", "2027-05-03", "scheduled", 0);

  it("opens on the newest round that has ratings, and names the newer one passed over", () => {
    const picked = reportRound([baseline, final, midpoint, later]);
    expect(picked.round?.name).toBe("Midpoint");
    expect(picked.newer?.name).toBe("Final");
    expect(passedOverNote(picked.round!, picked.newer)).toBe(
      "Showing Midpoint, the latest round with ratings: Final has none yet.",
    );
  });

  it("opens on the newest opened round when it has ratings, with no note", () => {
    const picked = reportRound([baseline, { ...final, submitted: 1 }, later]);
    expect(picked.round?.name).toBe("Final");
    expect(picked.newer).toBeUndefined();
    expect(passedOverNote(picked.round!, picked.newer)).toBeUndefined();
  });

  it("falls back to the newest opened round when none has ratings, and to nothing before any opens", () => {
    expect(reportRound([{ ...baseline, submitted: 0 }, final]).round?.name).toBe("Final");
    expect(reportRound([later]).round).toBeUndefined();
  });
});
