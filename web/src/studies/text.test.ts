import { describe, expect, it } from "vitest";
import {
  codePointLength,
  runs,
  sentences,
  snapToGrapheme,
  stepGrapheme,
  stepWord,
  toCodePoints,
  toUtf16,
} from "./text";

// A woman technologist with a medium skin tone: 4 code points (👩 🏽 ZWJ 💻), 7 UTF-16 units.
const EMOJI = "\u{1F469}\u{1F3FD}\u200D\u{1F4BB}";
// "é" as e + COMBINING ACUTE ACCENT: 2 code points, 2 UTF-16 units, one visible letter.
const COMBINING = "Re\u0301sume\u0301";
// Arabic (right-to-left): "the scholars lack patience".
const ARABIC = "يفتقر الباحثون إلى الصبر";

describe("code points and UTF-16", () => {
  it("counts an emoji ZWJ sequence with a skin tone as four code points", () => {
    expect(EMOJI.length).toBe(7);
    expect(codePointLength(EMOJI)).toBe(4);
    expect(codePointLength(EMOJI)).toBe(Array.from(EMOJI).length);
  });

  it("converts offsets after an emoji both ways", () => {
    const text = `I ${EMOJI} code daily`;
    const at = text.indexOf("code"); // UTF-16 index 10
    expect(at).toBe(10);
    expect(toCodePoints(text, at)).toBe(7);
    expect(toUtf16(text, 7)).toBe(at);
    expect(Array.from(text).slice(7, 11).join("")).toBe("code");
    for (let cp = 0; cp <= codePointLength(text); cp++) expect(toCodePoints(text, toUtf16(text, cp))).toBe(cp);
  });

  it("moves an index inside a surrogate pair to the pair's start", () => {
    const text = "a\u{1F600}b";
    expect(toCodePoints(text, 2)).toBe(1);
    expect(toCodePoints(text, 3)).toBe(2);
  });

  it("counts a combining accent as its own code point, and never cuts it off its letter", () => {
    expect(codePointLength(COMBINING)).toBe(8);
    expect(toCodePoints(COMBINING, 3)).toBe(3);
    // A selection ending between "e" and its accent extends over the accent.
    expect(snapToGrapheme(COMBINING, 2, "up")).toBe(3);
    expect(snapToGrapheme(COMBINING, 2, "down")).toBe(1);
    expect(stepGrapheme(COMBINING, 1, true)).toBe(3);
  });

  it("steps over a whole emoji sequence as one character", () => {
    const text = `a${EMOJI}b`;
    expect(stepGrapheme(text, 1, true)).toBe(8);
    expect(stepGrapheme(text, 8, false)).toBe(1);
  });

  it("keeps right-to-left text in logical order", () => {
    const start = ARABIC.indexOf("الباحثون");
    expect(toCodePoints(ARABIC, start)).toBe(6);
    expect(Array.from(ARABIC).slice(6, 14).join("")).toBe("الباحثون");
    expect(stepWord(ARABIC, start, true)).toBe(start + "الباحثون".length);
  });

  it("clamps offsets beyond the text", () => {
    expect(toUtf16("abc", 10)).toBe(3);
    expect(toCodePoints("abc", 10)).toBe(3);
    expect(toCodePoints("abc", -1)).toBe(0);
  });
});

describe("sentences", () => {
  it("splits into sentences without trailing spaces", () => {
    const text = `She kept going. ${EMOJI} Asked for help! Done`;
    const s = sentences(text).map((x) => text.slice(x.start, x.end));
    expect(s[0]).toBe("She kept going.");
    expect(s[s.length - 1]).toBe("Done");
  });
});

describe("runs", () => {
  it("cuts overlapping segments into runs listing every segment that covers them", () => {
    const text = `x${EMOJI}abcdef`;
    // Code points: x=0, emoji=1..4, a=5, b=6, c=7 …
    const r = runs(text, [
      { id: "A", start: 1, end: 7 },
      { id: "B", start: 5, end: 9 },
    ]);
    const shown = r.map((run) => [text.slice(run.start, run.end), run.ids.join("+")]);
    expect(shown).toEqual([
      ["x", ""],
      [EMOJI, "A"],
      ["ab", "A+B"],
      ["cd", "B"],
      ["ef", ""],
    ]);
  });

  it("marks the selection as its own runs", () => {
    const r = runs("abcdef", [], { start: 2, end: 4 });
    expect(r.map((x) => [x.start, x.end, x.selected])).toEqual([
      [0, 2, false],
      [2, 4, true],
      [4, 6, false],
    ]);
  });
});
