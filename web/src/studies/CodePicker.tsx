// Choosing codes for a selection: type to filter (type-ahead), Enter ticks the first match,
// and every code is a labelled checkbox, so it works with the keyboard and with a screen reader.
// A category groups codes and cannot be applied: it shows as a heading of its codes, without a
// checkbox.
import { useId, useState, type RefObject } from "react";
import type { Code } from "../api/client";
import { codeTree, colourOf } from "./api";

export function CodePicker({
  codes,
  chosen,
  onChange,
  inputRef,
}: {
  codes: readonly Code[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const q = filter.trim().toLowerCase();
  const tree = codeTree(codes);
  // Codes whose name matches come first, then those matched by their description only.
  const byName = q ? tree.filter((x) => x.code.path.toLowerCase().includes(q)) : tree;
  const byText = q
    ? tree.filter((x) => !x.code.path.toLowerCase().includes(q) && x.code.description.toLowerCase().includes(q))
    : [];
  const shown = [...byName, ...byText].map((x) => (q ? { ...x, depth: 0 } : x));
  const toggle = (codeId: string) =>
    onChange(chosen.includes(codeId) ? chosen.filter((x) => x !== codeId) : [...chosen, codeId]);
  return (
    <div className="code-picker">
      <div className="field">
        <label htmlFor={`${id}-filter`}>Find a code</label>
        <input
          id={`${id}-filter`}
          ref={inputRef}
          type="search"
          autoComplete="off"
          value={filter}
          aria-describedby={`${id}-hint`}
          aria-controls={`${id}-list`}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              const first = shown.find((x) => !x.code.category);
              if (first) {
                toggle(first.code.id);
                setFilter("");
              }
            }
          }}
        />
        <p className="hint" id={`${id}-hint`}>
          Type part of a name; Enter ticks the first match. {shown.length} of {tree.length} codes shown.
        </p>
      </div>
      <fieldset id={`${id}-list`} className="code-choices">
        <legend className="visually-hidden">Codes</legend>
        {shown.map(({ code, depth }) =>
          code.category ? (
            <p className="code-category" key={code.id} style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
              <span className="swatch" style={{ backgroundColor: colourOf(code) }} aria-hidden="true" />
              {code.name} <span className="muted">(category)</span>
            </p>
          ) : (
            <div className="field-check" key={code.id} style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
              <input
                type="checkbox"
                id={`${id}-${code.id}`}
                checked={chosen.includes(code.id)}
                onChange={() => toggle(code.id)}
              />
              <label htmlFor={`${id}-${code.id}`}>
                <span className="swatch" style={{ backgroundColor: colourOf(code) }} aria-hidden="true" />
                {code.name}
              </label>
            </div>
          ),
        )}
        {shown.length === 0 && <p className="muted">No code matches “{filter}”.</p>}
      </fieldset>
    </div>
  );
}
