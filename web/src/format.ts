// Dates as people read them. The API sends RFC 3339 times and YYYY-MM-DD dates.
import { format, formatDistanceToNowStrict, parseISO } from "date-fns";

export function formatDate(isoDate: string): string {
  return format(parseISO(isoDate), "d MMM yyyy");
}

export function formatDateTime(isoTime: string): string {
  return format(parseISO(isoTime), "d MMM yyyy, HH:mm");
}

/** A time of day on its own, for "saved at …". */
export function formatTime(isoTime: string): string {
  return format(parseISO(isoTime), "HH:mm:ss");
}

export function formatRelative(isoTime: string): string {
  return formatDistanceToNowStrict(parseISO(isoTime), { addSuffix: true });
}

export function roleLabel(role: string): string {
  return role === "alumnus" ? "Alumnus" : role.charAt(0).toUpperCase() + role.slice(1);
}
