// Offsets in answer texts. The API counts Unicode code points of the stored text; JavaScript
// strings index UTF-16 code units, where every character outside the Basic Multilingual Plane
// (most emoji, many CJK extensions) takes two. These functions convert between the two, keep
// selections on whole user-perceived characters (an emoji sequence or a letter with its
// combining accent is never cut in half), and split a text into the runs the coding workspace
// draws, so overlapping segments can be shown together.

/** Code points in a string. */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function isHighSurrogate(c: number) {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number) {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * The code-point offset of a UTF-16 index. An index between the two halves of a surrogate pair
 * (which a browser selection should never give, but a bug could) moves to the pair's start.
 */
export function toCodePoints(text: string, utf16Index: number): number {
  const index = Math.max(0, Math.min(utf16Index, text.length));
  let n = 0;
  for (let i = 0; i < index; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
      if (i + 1 === index) return n; // inside the pair
      i++;
    }
    n++;
  }
  return n;
}

/** The UTF-16 index of a code-point offset (clamped to the text). */
export function toUtf16(text: string, codePoints: number): number {
  let n = 0;
  let i = 0;
  while (i < text.length && n < codePoints) {
    i += isHighSurrogate(text.charCodeAt(i)) && i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
    n++;
  }
  return i;
}

export interface Span {
  start: number;
  end: number;
}

function segmenter(granularity: "grapheme" | "word" | "sentence"): Intl.Segmenter | undefined {
  return typeof Intl !== "undefined" && "Segmenter" in Intl
    ? new Intl.Segmenter(undefined, { granularity })
    : undefined;
}

/** UTF-16 indices where user-perceived characters start, plus the text's end. */
export function graphemeBoundaries(text: string): number[] {
  const seg = segmenter("grapheme");
  const out: number[] = [];
  if (seg) for (const s of seg.segment(text)) out.push(s.index);
  else for (let i = 0; i < text.length; i += isHighSurrogate(text.charCodeAt(i)) ? 2 : 1) out.push(i);
  out.push(text.length);
  return out;
}

/** Moves a UTF-16 index to the nearest grapheme boundary: down for a start, up for an end. */
export function snapToGrapheme(text: string, index: number, direction: "down" | "up"): number {
  const bounds = graphemeBoundaries(text);
  if (direction === "down") {
    let best = 0;
    for (const b of bounds) if (b <= index) best = b;
    return best;
  }
  for (const b of bounds) if (b >= index) return b;
  return text.length;
}

/** The next (or previous) grapheme boundary from a UTF-16 index. */
export function stepGrapheme(text: string, index: number, forward: boolean): number {
  const bounds = graphemeBoundaries(text);
  if (forward) return bounds.find((b) => b > index) ?? text.length;
  let prev = 0;
  for (const b of bounds) if (b < index) prev = b;
  return prev;
}

/** The next (or previous) word edge from a UTF-16 index: ends of words going forward, starts going back. */
export function stepWord(text: string, index: number, forward: boolean): number {
  const seg = segmenter("word");
  const words: Span[] = [];
  if (seg) {
    for (const s of seg.segment(text))
      if (s.isWordLike) words.push({ start: s.index, end: s.index + s.segment.length });
  } else {
    for (const m of text.matchAll(/\S+/g)) words.push({ start: m.index, end: m.index + m[0].length });
  }
  if (forward) return words.find((w) => w.end > index)?.end ?? text.length;
  let prev = 0;
  for (const w of words) if (w.start < index) prev = w.start;
  return prev;
}

/** Sentences as UTF-16 spans, without the spaces that follow them. */
export function sentences(text: string): Span[] {
  const seg = segmenter("sentence");
  const raw: Span[] = [];
  if (seg) for (const s of seg.segment(text)) raw.push({ start: s.index, end: s.index + s.segment.length });
  else for (const m of text.matchAll(/[^.!?]+[.!?]*\s*/g)) raw.push({ start: m.index, end: m.index + m[0].length });
  return raw
    .map((s) => {
      let end = s.end;
      while (end > s.start && /\s/.test(text[end - 1]!)) end--;
      return { start: s.start, end };
    })
    .filter((s) => s.end > s.start);
}

/** A piece of the text with the ids of the segments (and whether the selection) covering it. */
export interface Run {
  start: number; // UTF-16
  end: number;
  ids: string[];
  selected: boolean;
}

/**
 * Cuts the text into runs at every segment and selection edge, each listing the segments that
 * cover all of it. Segments arrive in code points; runs are UTF-16 so they can slice the string.
 */
export function runs(
  text: string,
  segments: readonly { id: string; start: number; end: number }[],
  selection?: Span,
): Run[] {
  const spans = segments.map((s) => ({ id: s.id, start: toUtf16(text, s.start), end: toUtf16(text, s.end) }));
  const cuts = new Set<number>([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  if (selection && selection.end > selection.start) {
    cuts.add(selection.start);
    cuts.add(selection.end);
  }
  const points = [...cuts].filter((p) => p >= 0 && p <= text.length).sort((a, b) => a - b);
  const out: Run[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (end <= start) continue;
    out.push({
      start,
      end,
      ids: spans.filter((s) => s.start <= start && s.end >= end).map((s) => s.id),
      selected:
        selection !== undefined && selection.start <= start && selection.end >= end && selection.end > selection.start,
    });
  }
  return out;
}
