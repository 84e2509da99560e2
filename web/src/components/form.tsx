// Form fields wired to react-hook-form, with the label, hint and error each control needs, and
// the mapping of API errors onto the field they name.
import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import type { FieldValues, Path, UseFormRegisterReturn, UseFormSetError } from "react-hook-form";
import { ApiError } from "../api/client";

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {children({ id, describedBy, invalid: Boolean(error) })}
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

type InputProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  registration: UseFormRegisterReturn;
};

export function TextField({ label, error, hint, registration, ...rest }: InputProps) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...rest} {...registration} />
      )}
    </Field>
  );
}

type NewPasswordFieldsProps = {
  newPassword: { registration: UseFormRegisterReturn; error?: string | undefined };
  confirm: { registration: UseFormRegisterReturn; error?: string | undefined };
  hint?: ReactNode;
};

// The "new password" and "repeat it" pair that changing and resetting a password share, with
// the autocomplete hints password managers look for.
export function NewPasswordFields({ newPassword, confirm, hint }: NewPasswordFieldsProps) {
  return (
    <>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={hint ?? "At least 12 characters."}
        error={newPassword.error}
        registration={newPassword.registration}
      />
      <TextField
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        error={confirm.error}
        registration={confirm.registration}
      />
    </>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  registration: UseFormRegisterReturn;
  options: readonly { value: string; label: string }[];
};

export function SelectField({ label, error, hint, registration, options, ...rest }: SelectProps) {
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <select id={id} aria-describedby={describedBy} aria-invalid={invalid || undefined} {...rest} {...registration}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * Shows an API error next to the field it names (error.field) when the form has that field,
 * and as the form's own error otherwise. `aliases` maps API field names to form field names.
 */
export function showApiError<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  aliases: Record<string, Path<T>> = {},
): void {
  const message = error instanceof Error ? error.message : "Something went wrong.";
  if (error instanceof ApiError && error.field) {
    const name = aliases[error.field] ?? (error.field as Path<T>);
    if (fields.includes(name)) {
      setError(name, { type: "server", message }, { shouldFocus: true });
      return;
    }
  }
  setError("root.server" as Path<T>, { type: "server", message });
}

/** The form-level error set by showApiError, as an alert. */
export function FormError(props: { message: string | undefined }) {
  if (!props.message) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p>{props.message}</p>
    </div>
  );
}

export function SubmitButton(props: { busy: boolean; children: ReactNode; busyLabel?: string }) {
  return (
    <button type="submit" className="button primary" disabled={props.busy} aria-busy={props.busy}>
      {props.busy ? (props.busyLabel ?? "Saving…") : props.children}
    </button>
  );
}
