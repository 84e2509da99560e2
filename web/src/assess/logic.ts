// Pure helpers of the assessment pages: mapping API error fields onto form fields, wording of
// gaps and changes, and times for the round form. Kept free of React so they are unit-tested.

/** A level's form field name: levels are objects keyed l1..l5 in the framework form. */
export type LevelName = "l1" | "l2" | "l3" | "l4" | "l5";
export const LEVELS: readonly LevelName[] = ["l1", "l2", "l3", "l4", "l5"];

/**
 * The framework form's field for an API error field: "qualities[3].levels[3]" is
 * "qualities.3.levels.l3", "qualities[0].name" is "qualities.0.name". Undefined for anything
 * else ("qualities", "based_on"), which the form shows as its own error.
 */
export function frameworkFieldPath(apiField: string | undefined): string | undefined {
  if (!apiField) return undefined;
  const level = /^qualities\[(\d+)\]\.levels\[([1-5])\]$/.exec(apiField);
  if (level) return `qualities.${level[1]}.levels.l${level[2]}`;
  const plain = /^qualities\[(\d+)\]\.(key|name|summary)$/.exec(apiField);
  if (plain) return `qualities.${plain[1]}.${plain[2]}`;
  if (apiField === "name") return "name";
  return undefined;
}

/** "ratings[2].score" → { index: 2, name: "score" }; undefined for other fields. */
export function ratingField(apiField: string | undefined): { index: number; name: string } | undefined {
  const m = apiField ? /^ratings\[(\d+)\]\.(\w+)$/.exec(apiField) : null;
  return m ? { index: Number(m[1]), name: m[2]! } : undefined;
}

/** A quality key from a name: "Peer review" → "peer_review". */
export function keyFromName(name: string): string {
  const key = name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "")
    .slice(0, 40);
  return key || "quality";
}

const signed = (x: number, digits = 1) => `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x).toFixed(digits)}`;

export function formatSigned(x: number, digits = 1): string {
  return signed(x, digits);
}

/**
 * The perception gap (self − mentor) in words. `who` is "You" on one's own report and the
 * scholar's name otherwise.
 */
export function gapWords(gap: number, who: string): string {
  const self = who === "You" ? "yourself" : "themself";
  const verb = who === "You" ? "rate" : "rates";
  if (Math.abs(gap) < 0.05) return `${who} and the mentor agree.`;
  if (gap > 0) return `${who} ${verb} ${self} ${signed(gap)} higher than the mentor does.`;
  return `${who} ${verb} ${self} ${Math.abs(gap).toFixed(1)} lower than the mentor does.`;
}

/** A change between rounds, in raw points and (when known) in cohort SD units. */
export function changeWords(points: number, sdUnits: number | null | { withheld: string }): string {
  const raw = `${signed(points)} points`;
  if (sdUnits === null) return raw;
  if (typeof sdUnits === "object") return `${raw} (SD units: ${sdUnits.withheld.toLowerCase()})`;
  return `${raw} (${signed(sdUnits, 2)} SD: ${spreadWords(sdUnits)})`;
}

/** A change in cohort standard deviations in plain words. */
function spreadWords(sdUnits: number): string {
  const size = Math.abs(sdUnits);
  if (size < 0.1) return "about no change against the spread between scholars";
  const times = size < 1 ? `${Math.round(size * 100)}% of` : `${size.toFixed(1)} times`;
  return `${times} the spread between the cohort's scholars`;
}

/** A datetime-local value ("2027-03-01T09:00", local time) as RFC 3339 in UTC. */
export function localToRfc3339(local: string): string {
  return new Date(local).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** An RFC 3339 time as a datetime-local value in the browser's time zone. */
export function rfc3339ToLocal(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Mean of the numbers present, or null. */
export function mean(values: readonly (number | null | undefined)[]): number | null {
  const xs = values.filter((v): v is number => typeof v === "number");
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** A share 0..1 as a whole percentage. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A reliability measure as people read it: "weighted_kappa_self_mentor" → "Weighted kappa, self vs mentor". */
export function measureLabel(measure: string): string {
  const parts: Record<string, string> = {
    weighted_kappa: "Weighted kappa",
    icc1k: "ICC(1,k)",
    icc1: "ICC(1,1)",
    icc2k: "ICC(2,k)",
    icc2: "ICC(2,1)",
    icc3k: "ICC(3,k)",
    icc3: "ICC(3,1)",
    alpha: "Krippendorff's alpha",
  };
  const prefix = Object.keys(parts)
    .sort((a, b) => b.length - a.length)
    .find((p) => measure === p || measure.startsWith(`${p}_`));
  if (!prefix) return measure.replace(/_/g, " ");
  const rest = measure.slice(prefix.length + 1).replace(/_/g, " ");
  return rest ? `${parts[prefix]}, ${rest.replace(" ", " vs ")}` : parts[prefix]!;
}

/**
 * A reliability value (ICC, kappa, alpha) as shown: three decimals inside -1..1, where the
 * measures mean something; outside it (an ICC(1,k) of -3.0 happens when scholars barely differ)
 * a note instead of a number nobody can read.
 */
export function reliabilityText(value: number): string {
  return value >= -1 && value <= 1 ? value.toFixed(3) : "Not meaningful here (too little spread between scholars)";
}
