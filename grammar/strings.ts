/**
 * String literal decoding, the Python way: the escapes Python knows are
 * decoded, an unknown escape such as `\.` keeps its backslash (Channels users
 * often write `"^socket\.io"` without `r`), raw strings are taken verbatim.
 */
import type { Span } from "./diagnostics.js";

export interface DecodedString {
  value: string;
  /** Source offset of each index of `value` and of `value.length`; null when it is `contentStart + index`. */
  valueOffsets: number[] | null;
  /** Malformed escapes, each with its span in the source. */
  problems: { span: Span; message: string }[];
}

const simpleEscapes: Record<string, string> = {
  "\\": "\\",
  "'": "'",
  '"': '"',
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
};

/** Hex digits each numeric escape needs. */
const hexEscapeLengths: Record<string, number> = { x: 2, u: 4, U: 8 };

const isHex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);
const isOctal = (c: string): boolean => c >= "0" && c <= "7";

/** Decode the text between the quotes of a string literal starting at `contentStart`. */
export function decodeString(
  content: string,
  contentStart: number,
  raw: boolean,
): DecodedString {
  if (raw || !content.includes("\\"))
    return { value: content, valueOffsets: null, problems: [] };
  let value = "";
  const offsets: number[] = [];
  const problems: DecodedString["problems"] = [];
  const push = (text: string, at: number): void => {
    value += text;
    for (let k = 0; k < text.length; k++) offsets.push(contentStart + at);
  };
  let i = 0;
  while (i < content.length) {
    const c = content[i]!;
    if (c !== "\\" || i + 1 >= content.length) {
      push(c, i);
      i++;
      continue;
    }
    const next = content[i + 1]!;
    const simple = simpleEscapes[next];
    if (simple !== undefined) {
      push(simple, i);
      i += 2;
    } else if (isOctal(next)) {
      let end = i + 1;
      while (end < content.length && end < i + 4 && isOctal(content[end]!))
        end++;
      push(String.fromCharCode(parseInt(content.slice(i + 1, end), 8)), i);
      i = end;
    } else if (next in hexEscapeLengths) {
      const length = hexEscapeLengths[next]!;
      let end = i + 2;
      while (
        end < content.length &&
        end < i + 2 + length &&
        isHex(content[end]!)
      )
        end++;
      const span = { start: contentStart + i, end: contentStart + end };
      const code = parseInt(content.slice(i + 2, end), 16);
      if (end - i - 2 < length) {
        problems.push({
          span,
          message: `truncated \\${next} escape: it needs ${length} hex digits`,
        });
      } else if (code > 0x10ffff) {
        problems.push({
          span,
          message: `\\${next} escape beyond the last Unicode code point`,
        });
      } else {
        push(String.fromCodePoint(code), i);
      }
      i = end;
    } else if (next === "N") {
      const close = content.indexOf("}", i);
      const end = content[i + 2] === "{" && close > 0 ? close + 1 : i + 2;
      problems.push({
        span: { start: contentStart + i, end: contentStart + end },
        message:
          "named Unicode escapes (\\N{...}) are not supported; use \\u or the character itself",
      });
      i = end;
    } else {
      // Python keeps the backslash of an escape it does not know.
      push(c, i);
      i++;
    }
  }
  if (value === content) return { value, valueOffsets: null, problems };
  offsets.push(contentStart + content.length);
  return { value, valueOffsets: offsets, problems };
}

/** Text as it may appear quoted in a message: one line, control characters escaped, shortened. */
export function quoteForMessage(text: string, max = 30): string {
  const oneLine = text
    .replace(/\s+/g, " ")
    .replace(
      /[\x00-\x1f\x7f-\x9f]/g,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
    );
  return `'${oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine}'`;
}
