// The audience of a study: one checkbox per role, shared by the new-study form and the settings.
import { ROLES, type Role } from "../api/client";
import { rolePlural } from "./api";

export function AudienceChecks({
  idPrefix,
  value,
  onChange,
}: {
  idPrefix: string;
  value: Role[];
  onChange: (next: Role[]) => void;
}) {
  return (
    <div className="check-row">
      {ROLES.map((r) => (
        <div className="field-check" key={r}>
          <input
            type="checkbox"
            id={`${idPrefix}-a-${r}`}
            checked={value.includes(r)}
            onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
          />
          <label htmlFor={`${idPrefix}-a-${r}`}>{rolePlural(r)}</label>
        </div>
      ))}
    </div>
  );
}
