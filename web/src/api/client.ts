// The typed API client. Paths, parameters, bodies and answers come from schema.d.ts, which the
// build generates from docs/api/openapi.json, so a change to the API document that breaks a call
// here fails `tsc --noEmit`.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Program = Schemas["Program"];
export type Cohort = Schemas["Cohort"];
export type Stream = Schemas["Stream"];
export type Member = Schemas["Member"];
export type Grant = Schemas["Grant"];
export type Account = Schemas["Account"];
export type Role = Grant["role"];
export type Session = Schemas["Session"];
export type ApiToken = Schemas["ApiToken"];
export type AuditEvent = Schemas["AuditEvent"];
export type RosterReport = Schemas["RosterReport"];
export type User = Schemas["User"];
export type OneTimeLink = Schemas["OneTimeLink"];
export type ErrorBody = Schemas["Error"]["error"];
export type Study = Schemas["Study"];
export type StudyView = Schemas["StudyView"];
export type Question = Schemas["Question"];
export type NewQuestion = Schemas["NewQuestion"];
export type QuestionKind = Question["kind"];
export type StudyTemplate = Schemas["StudyTemplate"];
export type Answer = Schemas["Answer"];
export type ResponseWithAnswers = Schemas["ResponseWithAnswers"];
export type Participation = Schemas["Participation"];
export type Job = Schemas["Job"];
export type Code = Schemas["Code"];
export type Codebook = Schemas["Codebook"];
export type Segment = Schemas["Segment"];
export type CoderState = Schemas["CoderState"];
export type Memo = Schemas["Memo"];
export type ThemeReport = Schemas["ThemeReport"];
export type ThemeRow = Schemas["ThemeRow"];
export type CoOccurrenceReport = Schemas["CoOccurrenceReport"];
export type GroupReport = Schemas["GroupReport"];
export type ComparisonReport = Schemas["ComparisonReport"];

export const ROLES: readonly Role[] = ["scholar", "mentor", "support", "organizer", "alumnus", "analyst"] as const;

// The session's CSRF token. The server returns it at sign-in and from GET /sessions/current;
// every state-changing request made with the session cookie must send it back.
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method) && csrfToken) {
      request.headers.set("X-CSRF-Token", csrfToken);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: "/", credentials: "same-origin" });
api.use(csrfMiddleware);

/** An error answer of the API, or a network failure (code "network"). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly details: NonNullable<ErrorBody["details"]>;
  /** On a 409 for a stale version: the resource as it is now (studies, codebooks, segments). */
  readonly current: unknown;

  constructor(status: number, body: Partial<ErrorBody> | undefined, current?: unknown) {
    super(body?.message ?? `The server answered ${status}.`);
    this.name = "ApiError";
    this.status = status;
    this.code = body?.code ?? (status === 0 ? "network" : "internal");
    this.field = body?.field;
    this.details = body?.details ?? [];
    this.current = current;
  }
}

type Outcome<T> = { data?: T; error?: unknown; response: Response };

function errorBody(error: unknown): Partial<ErrorBody> | undefined {
  if (error && typeof error === "object" && "error" in error) {
    const inner = (error as { error: unknown }).error;
    if (inner && typeof inner === "object") return inner as Partial<ErrorBody>;
  }
  return undefined;
}

/**
 * Turns an openapi-fetch outcome into its data, or throws ApiError. Used by every query and
 * mutation so that components see one error type.
 */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch {
    throw new ApiError(0, {
      message: "Trellis cannot be reached. Check your connection and try again.",
    });
  }
  const { data, error, response } = outcome;
  if (!response.ok) {
    const current =
      error && typeof error === "object" && "current" in error ? (error as { current: unknown }).current : undefined;
    throw new ApiError(response.status, errorBody(error), current);
  }
  return data as T;
}
