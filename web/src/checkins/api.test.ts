import { describe, expect, it } from "vitest";
import { direction, recipientLabel, scaleLabel, slope, trendSentences, type Disclosure } from "./api";
import { periodName } from "./periods";

describe("trends", () => {
  it("fits a least-squares slope through the values it has", () => {
    expect(slope([1, 2, 3, 4])).toBeCloseTo(1);
    expect(slope([4, null, 2])).toBeCloseTo(-1); // positions 0 and 2
    expect(slope([3, 3, 3])).toBe(0);
    expect(slope([5])).toBeUndefined();
    expect(slope([null, null])).toBeUndefined();
  });

  it("names the direction, with a band for steady", () => {
    expect(direction(0.5)).toBe("rising");
    expect(direction(-0.2)).toBe("falling");
    expect(direction(0.1)).toBe("steady");
    expect(direction(undefined)).toBeUndefined();
  });

  it("says where each scale stands and which way it moved", () => {
    expect(
      trendSentences([
        { label: "Mood", values: [4, 4, 3, 2, 1] },
        { label: "Energy", values: [3, 3, null, 3] },
        { label: "Progress", values: [null, null] },
        { label: "Focus", values: [2] },
      ]),
    ).toEqual([
      "Mood: latest 1, falling over the last 4 check-ins (average 2.5).",
      "Energy: latest 3, steady over the last 3 check-ins.",
      "Focus: latest 2.",
    ]);
  });
});

describe("words", () => {
  it("puts words on the scales", () => {
    expect(scaleLabel("mood", 1)).toBe("1 — Very low");
    expect(scaleLabel("energy", 5)).toBe("5 — Full of energy");
    expect(scaleLabel("progress", 3)).toBe("3 — Some");
  });

  it("names periods by their length", () => {
    expect(periodName({ starts_on: "2027-01-11", ends_on: "2027-01-17" })).toBe("Week of 11 Jan 2027");
    expect(periodName({ starts_on: "2027-01-11", ends_on: "2027-01-11" })).toBe("11 Jan 2027");
    expect(periodName({ starts_on: "2027-01-11", ends_on: "2027-01-24" })).toBe("11 Jan 2027 – 24 Jan 2027");
  });

  it("names who received a disclosure", () => {
    const d = (recipient: string, recipient_name?: string): Disclosure => ({
      id: "d",
      recipient,
      what: "answers",
      reference_id: "c",
      disclosed_at: "2027-01-11T09:00:00Z",
      ...(recipient_name ? { recipient_name } : {}),
    });
    expect(recipientLabel(d("support_team"))).toBe("The support team");
    expect(recipientLabel(d("mentor"))).toBe("Your mentor");
    expect(recipientLabel(d("u1", "Jonas Weber"))).toBe("Jonas Weber");
    expect(recipientLabel(d("u2"))).toBe("Someone who has since left");
  });
});
