// The program's check-in settings on its settings page (organizers): the thresholds of the alert
// rules, the stuck time box after which a scholar is nudged to ask for help, and the people and
// channels that nudge lists. Limits as the server checks them (docs/api/openapi.json).
import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm } from "react-hook-form";
import { api, unwrap } from "../api/client";
import { FormError, SubmitButton, TextField } from "../components/form";
import { useFormMutation } from "../components/useFormMutation";
import { Card, ErrorAlert, Loading, SuccessAlert } from "../components/ui";
import { z } from "../validation";
import { checkinKeys, useCheckinSettings, type CheckinSettings } from "./api";

const whole = (min: number, max: number) =>
  z
    .number({ error: "Enter a whole number." })
    .int("Enter a whole number.")
    .min(min, `From ${min} to ${max}.`)
    .max(max, `From ${min} to ${max}.`);

const schema = z.object({
  stuck_time_box_days: whole(1, 60),
  low_mood_at_most: whole(1, 4),
  low_mood_checkins: whole(1, 8),
  falling_trend_checkins: whole(3, 8),
  stuck_alert_days: whole(1, 60),
  missed_checkins: whole(1, 8),
  help_channels: z.string().max(2000, "Use at most 2000 characters."),
});
type Values = z.infer<typeof schema>;
const FIELDS = Object.keys(schema.shape) as (keyof Values)[];

function valuesOf(s: CheckinSettings): Values {
  return {
    stuck_time_box_days: s.stuck_time_box_days,
    low_mood_at_most: s.low_mood_at_most,
    low_mood_checkins: s.low_mood_checkins,
    falling_trend_checkins: s.falling_trend_checkins,
    stuck_alert_days: s.stuck_alert_days,
    missed_checkins: s.missed_checkins,
    help_channels: s.help_channels,
  };
}

function SettingsForm({ programId, settings }: { programId: string; settings: CheckinSettings }) {
  const id = useId();
  const [saved, setSaved] = useState(false);
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: valuesOf(settings) });
  const { errors } = form.formState;
  const save = useFormMutation(form, {
    mutationFn: (v: Values) =>
      unwrap(api.PUT("/api/v1/programs/{id}/checkin-settings", { params: { path: { id: programId } }, body: v })),
    fields: FIELDS,
    invalidate: [checkinKeys.all],
    onSuccess: (updated) => {
      setSaved(true);
      form.reset(valuesOf(updated));
    },
    onError: () => setSaved(false),
  });
  const number = (name: keyof Omit<Values, "help_channels">, label: string, hint: string, min: number, max: number) => (
    <TextField
      label={label}
      type="number"
      min={min}
      max={max}
      inputMode="numeric"
      hint={hint}
      error={errors[name]?.message}
      registration={form.register(name, { valueAsNumber: true })}
    />
  );
  return (
    <form className="form" noValidate onSubmit={save.submit} aria-label="Check-in settings">
      {saved && <SuccessAlert>Saved. The next evaluation of the alert rules uses them.</SuccessAlert>}
      <FormError message={errors.root?.server?.message} />
      {number(
        "stuck_time_box_days",
        "Stuck time box (days)",
        "A scholar stuck longer than this is nudged on their home page to ask for help (1 to 60).",
        1,
        60,
      )}
      <fieldset className="scale-group form">
        <legend>Alerts to the support team (only for scholars who share them)</legend>
        {number("low_mood_at_most", "Low mood: at or below", "On the 1–5 scale (1 to 4).", 1, 4)}
        {number("low_mood_checkins", "Low mood: check-ins in a row", "1 to 8.", 1, 8)}
        {number(
          "falling_trend_checkins",
          "Falling mood over check-ins in a row",
          "Mood never rising and ending lower (3 to 8).",
          3,
          8,
        )}
        {number(
          "stuck_alert_days",
          "Stuck for more than (days)",
          "Without having asked for help since (1 to 60).",
          1,
          60,
        )}
        {number("missed_checkins", "Missed check-ins in a row", "1 to 8.", 1, 8)}
      </fieldset>
      <div className={`field${errors.help_channels ? " field-invalid" : ""}`}>
        <label htmlFor={`${id}-channels`}>Where to ask for help</label>
        <p className="hint" id={`${id}-hint`}>
          People and channels shown with the nudge, for example “#stuck on the cohort chat, or office hours with the
          support team” (at most 2000 characters).
        </p>
        <textarea
          id={`${id}-channels`}
          rows={3}
          aria-describedby={`${id}-hint${errors.help_channels ? ` ${id}-error` : ""}`}
          aria-invalid={errors.help_channels ? true : undefined}
          {...form.register("help_channels")}
        />
        {errors.help_channels && (
          <p className="field-error" id={`${id}-error`}>
            {errors.help_channels.message}
          </p>
        )}
      </div>
      <div className="form-actions">
        <SubmitButton busy={save.isPending}>Save check-in settings</SubmitButton>
      </div>
    </form>
  );
}

export function CheckinSettingsCard({ programId }: { programId: string }) {
  const settings = useCheckinSettings(programId);
  return (
    <Card title="Check-in settings">
      {settings.isPending && <Loading label="Loading the check-in settings…" />}
      <ErrorAlert error={settings.error} />
      {settings.data && (
        <SettingsForm key={settings.data.updated_at ?? "default"} programId={programId} settings={settings.data} />
      )}
    </Card>
  );
}
