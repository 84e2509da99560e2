// How check-in periods read: "Week of 23 Nov 2026", a single day, or a fortnight's two dates.
// The API names a period by its first day and gives its last day, so the kind of period follows
// from its length.
import { differenceInCalendarDays, format, parseISO } from "date-fns";
import { formatDate } from "../format";
import type { CheckinPeriod } from "./api";

export function periodDays(p: Pick<CheckinPeriod, "starts_on" | "ends_on">): number {
  return differenceInCalendarDays(parseISO(p.ends_on), parseISO(p.starts_on)) + 1;
}

export function periodName(p: Pick<CheckinPeriod, "starts_on" | "ends_on">): string {
  const days = periodDays(p);
  if (days === 1) return formatDate(p.starts_on);
  if (days === 7) return `Week of ${formatDate(p.starts_on)}`;
  return `${formatDate(p.starts_on)} – ${formatDate(p.ends_on)}`;
}

/** "23 Nov", for chart axes. */
export function shortDate(isoDate: string): string {
  return format(parseISO(isoDate), "d MMM");
}
