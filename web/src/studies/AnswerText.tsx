// An answer's text with its coded segments highlighted in their codes' colours (overlaps drawn as
// stacked bands) and a selection made with the mouse or the keyboard.
//
// Selection model: the component reports a span in UTF-16 indices of `text` (what the DOM
// gives); the page converts it to code points for the API (./text.ts). With the mouse, the
// browser's selection is read on pointer-up and snapped to whole characters. With the keyboard,
// the focused text keeps its own caret: arrows move it by character (with Ctrl or Alt by word),
// Shift+arrows extend the selection, Down and Up select the next or previous sentence, Home and
// End jump to the ends, Escape clears, and Enter hands over to the code picker.
import { useId, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from "react";
import { runs, sentences, snapToGrapheme, stepGrapheme, stepWord, type Span } from "./text";

export interface Highlight {
  id: string;
  start: number; // code points
  end: number;
  colour: string;
  label: string;
}

function background(colours: string[]): CSSProperties {
  // Colours arrive as #rrggbb; 0x55 alpha keeps the text readable in both themes.
  if (colours.length === 1) return { backgroundColor: `${colours[0]}55` };
  const step = 100 / colours.length;
  const bands = colours.map((c, i) => `${c}66 ${i * step}% ${(i + 1) * step}%`).join(", ");
  return { backgroundImage: `linear-gradient(to bottom, ${bands})` };
}

export function AnswerText(props: {
  text: string;
  highlights: Highlight[];
  selection: Span | undefined;
  onSelect: (s: Span | undefined) => void;
  onConfirm: () => void;
  label: string;
}) {
  const { text } = props;
  const ref = useRef<HTMLDivElement>(null);
  const helpId = useId();
  const [caret, setCaret] = useState(0);
  const [anchor, setAnchor] = useState(0);
  const [focused, setFocused] = useState(false);
  // The caret is drawn only while the keyboard is in use: drawing it when a mouse press focuses
  // the text would change the DOM under the browser's selection in the middle of a drag.
  const [keyboard, setKeyboard] = useState(false);

  const select = (a: number, c: number) => {
    setAnchor(a);
    setCaret(c);
    props.onSelect(a === c ? undefined : { start: Math.min(a, c), end: Math.max(a, c) });
  };

  const readMouseSelection = () => {
    const el = ref.current;
    const sel = window.getSelection();
    if (!el || !sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const range = sel.getRangeAt(0);
    if (!el.contains(range.startContainer) || !el.contains(range.endContainer)) return;
    const offset = (node: Node, at: number) => {
      const pre = document.createRange();
      pre.selectNodeContents(el);
      pre.setEnd(node, at);
      return pre.toString().length;
    };
    const start = snapToGrapheme(text, offset(range.startContainer, range.startOffset), "down");
    const end = snapToGrapheme(text, offset(range.endContainer, range.endOffset), "up");
    sel.removeAllRanges();
    if (end > start) select(start, end);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!keyboard) setKeyboard(true);
    const byWord = e.ctrlKey || e.altKey;
    const move = (to: number) => {
      e.preventDefault();
      if (e.shiftKey) select(anchor, to);
      else select(to, to);
    };
    const sentence = (forward: boolean) => {
      e.preventDefault();
      const all = sentences(text);
      if (all.length === 0) return;
      const lo = Math.min(anchor, caret);
      const hi = Math.max(anchor, caret);
      const hasSel = hi > lo;
      const next = forward
        ? (all.find((s) => (hasSel ? s.start >= hi : s.end > caret)) ?? all[all.length - 1]!)
        : ([...all].reverse().find((s) => (hasSel ? s.end <= lo : s.start < caret)) ?? all[0]!);
      select(next.start, next.end);
    };
    switch (e.key) {
      case "ArrowRight":
        return move(byWord ? stepWord(text, caret, true) : stepGrapheme(text, caret, true));
      case "ArrowLeft":
        return move(byWord ? stepWord(text, caret, false) : stepGrapheme(text, caret, false));
      case "ArrowDown":
        return sentence(true);
      case "ArrowUp":
        return sentence(false);
      case "Home":
        return move(0);
      case "End":
        return move(text.length);
      case "Escape":
        e.preventDefault();
        return select(caret, caret);
      case "Enter":
        if (props.selection) {
          e.preventDefault();
          props.onConfirm();
        }
        return;
    }
  };

  const colourOf = new Map(props.highlights.map((h) => [h.id, h]));
  const pieces = runs(text, props.highlights, props.selection);
  const showCaret = focused && keyboard && !props.selection;
  const caretCut = showCaret ? caret : -1;
  const out: ReactNode[] = [];
  for (const r of pieces) {
    // Split a run at the caret so it can be drawn between characters.
    const parts =
      caretCut > r.start && caretCut < r.end
        ? [
            { s: r.start, e: caretCut },
            { s: caretCut, e: r.end },
          ]
        : [{ s: r.start, e: r.end }];
    for (const p of parts) {
      if (showCaret && p.s === caretCut) out.push(<span key={`caret-${p.s}`} className="caret" aria-hidden="true" />);
      const piece = text.slice(p.s, p.e);
      const hs = r.ids.map((id) => colourOf.get(id)!).filter(Boolean);
      const cls = [hs.length ? "coded" : "", hs.length > 1 ? "overlap" : "", r.selected ? "selected" : ""]
        .filter(Boolean)
        .join(" ");
      out.push(
        cls ? (
          <span
            key={p.s}
            className={cls}
            style={hs.length ? background(hs.map((h) => h.colour)) : undefined}
            title={hs.length ? hs.map((h) => h.label).join(", ") : undefined}
          >
            {piece}
          </span>
        ) : (
          piece
        ),
      );
    }
  }
  if (showCaret && caretCut === text.length) out.push(<span key="caret-end" className="caret" aria-hidden="true" />);

  return (
    <>
      <div
        ref={ref}
        className="answer-text"
        role="textbox"
        aria-readonly="true"
        aria-multiline="true"
        aria-label={props.label}
        aria-describedby={helpId}
        tabIndex={0}
        dir="auto"
        onKeyDown={onKeyDown}
        onPointerDown={() => setKeyboard(false)}
        onPointerUp={readMouseSelection}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
      >
        {out}
      </div>
      <p className="hint" id={helpId}>
        Select a passage with the mouse, or focus the text and use the keyboard: Down and Up select the next or previous
        sentence, Shift with the arrow keys extends the selection by character (with Ctrl by word), Escape clears it,
        and Enter goes to the codes.
      </p>
    </>
  );
}
