import { describe, expect, it } from "vitest";
import {
  reliabilityText,
  changeWords,
  frameworkFieldPath,
  gapWords,
  keyFromName,
  localToRfc3339,
  mean,
  ratingField,
  rfc3339ToLocal,
} from "./logic";

describe("API error fields", () => {
  it("maps framework fields onto the form's field names", () => {
    expect(frameworkFieldPath("qualities[3].levels[3]")).toBe("qualities.3.levels.l3");
    expect(frameworkFieldPath("qualities[0].name")).toBe("qualities.0.name");
    expect(frameworkFieldPath("qualities[12].key")).toBe("qualities.12.key");
    expect(frameworkFieldPath("name")).toBe("name");
    expect(frameworkFieldPath("qualities")).toBeUndefined();
    expect(frameworkFieldPath("based_on")).toBeUndefined();
    expect(frameworkFieldPath(undefined)).toBeUndefined();
  });

  it("finds the rating an error names", () => {
    expect(ratingField("ratings[2].score")).toEqual({ index: 2, name: "score" });
    expect(ratingField("ratings")).toBeUndefined();
  });
});

describe("wording", () => {
  it("explains the sign of the perception gap", () => {
    expect(gapWords(1, "You")).toBe("You rate yourself +1.0 higher than the mentor does.");
    expect(gapWords(-0.5, "Amara")).toBe("Amara rates themself 0.5 lower than the mentor does.");
    expect(gapWords(0, "You")).toBe("You and the mentor agree.");
  });

  it("states a change in points and in SD units", () => {
    expect(changeWords(1, 0.75)).toBe("+1.0 points (+0.75 SD: 75% of the spread between the cohort's scholars)");
    expect(changeWords(1, 2.5)).toBe("+1.0 points (+2.50 SD: 2.5 times the spread between the cohort's scholars)");
    expect(changeWords(0, 0.04)).toBe("0.0 points (+0.04 SD: about no change against the spread between scholars)");
    expect(changeWords(-0.5, null)).toBe("−0.5 points");
    expect(changeWords(0.5, { withheld: "Group too small (4 < 5)" })).toBe(
      "+0.5 points (SD units: group too small (4 < 5))",
    );
  });

  it("makes quality keys from names", () => {
    expect(keyFromName("Peer review")).toBe("peer_review");
    expect(keyFromName("  Écriture 2 ")).toBe("ecriture_2");
    expect(keyFromName("42")).toBe("quality");
  });
});

describe("numbers and times", () => {
  it("averages what is present", () => {
    expect(mean([1, null, 3, undefined])).toBe(2);
    expect(mean([null])).toBeNull();
  });

  it("round-trips local times through RFC 3339", () => {
    const iso = localToRfc3339("2027-03-01T09:30");
    expect(iso).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(rfc3339ToLocal(iso)).toBe("2027-03-01T09:30");
  });
});

describe("reliability measures", () => {
  it("names them as people read them", async () => {
    const { measureLabel } = await import("./logic");
    expect(measureLabel("weighted_kappa_self_mentor")).toBe("Weighted kappa, self vs mentor");
    expect(measureLabel("icc1k_peers")).toBe("ICC(1,k), peers");
    expect(measureLabel("something_else")).toBe("something else");
  });
});

describe("reliabilityText", () => {
  it("shows values in -1..1 with three decimals and a note outside it", () => {
    expect(reliabilityText(0.8123)).toBe("0.812");
    expect(reliabilityText(-1)).toBe("-1.000");
    expect(reliabilityText(1)).toBe("1.000");
    expect(reliabilityText(-3.02)).toMatch(/^Not meaningful here/);
    expect(reliabilityText(1.2)).toMatch(/^Not meaningful here/);
  });
});
