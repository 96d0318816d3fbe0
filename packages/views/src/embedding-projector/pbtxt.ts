// A reader of the protocol buffer TEXT format (what TensorBoard writes as projector_config.pbtxt): the text is
// tokenized and parsed into plain objects, never evaluated. Without a schema every field reads as a list of values
// (a field may repeat); the caller maps the lists onto its message type.
import { TensorLensError, describe } from '@tensorlens/core';

/** A scalar of the text format: a string, a number, or an identifier (`true`, an enum value) as a string. */
export type PbtxtScalar = string | number | boolean;
/** A parsed message: each field name → its values in file order (one entry unless the field repeats). */
export interface PbtxtMessage {
  [field: string]: PbtxtValue[];
}
/** A field's value: a scalar or a nested message. */
export type PbtxtValue = PbtxtScalar | PbtxtMessage;

/**
 * A syntax error in protobuf text: a `TensorLensError` (code `'parse'`) that also carries the 1-based line and
 * column where the parser stopped, e.g. `config: expected ':' or '{' after the field name, received "42" (line 3:15)`.
 */
export class PbtxtSyntaxError extends TensorLensError {
  /** 1-based line of the offending token. */
  readonly line: number;
  /** 1-based column of the offending token. */
  readonly column: number;
  constructor(argument: string, expected: string, received: string, line: number, column: number) {
    super('parse', argument, expected, received, `line ${line}:${column}`);
    this.line = line;
    this.column = column;
  }
}

type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'end';
interface Token {
  kind: TokenKind;
  /** Identifier or punctuation text; a number's text; a string's decoded value. */
  text: string;
  /** Offset of the token's first character. */
  at: number;
}

const isIdentStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c);
const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };

/** Deepest nesting of messages accepted (a guard against hostile input). */
const MAX_DEPTH = 64;

class Lexer {
  pos = 0;
  constructor(
    readonly text: string,
    readonly name: string,
  ) {}

  /** 1-based line and column of an offset. */
  where(at: number): [number, number] {
    let line = 1;
    let start = 0;
    for (let i = this.text.indexOf('\n'); i >= 0 && i < at; i = this.text.indexOf('\n', i + 1)) {
      line++;
      start = i + 1;
    }
    return [line, at - start + 1];
  }

  error(at: number, expected: string, received: string): PbtxtSyntaxError {
    const [line, column] = this.where(at);
    return new PbtxtSyntaxError(this.name, expected, received, line, column);
  }

  /** Skips whitespace and `#` comments. */
  private skip(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 35) {
        const nl = t.indexOf('\n', this.pos);
        this.pos = nl < 0 ? t.length : nl + 1;
      } else if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xfeff) this.pos++;
      else break;
    }
  }

  next(): Token {
    this.skip();
    const t = this.text;
    const at = this.pos;
    if (at >= t.length) return { kind: 'end', text: '', at };
    const c = t.charCodeAt(at);
    if (c === 34 || c === 39) return { kind: 'string', text: this.string(c), at };
    if (isIdentStart(c)) {
      let e = at + 1;
      while (e < t.length && isIdentPart(t.charCodeAt(e))) e++;
      this.pos = e;
      return { kind: 'ident', text: t.slice(at, e), at };
    }
    if (isDigit(c) || ((c === 45 || c === 46) && at + 1 < t.length && (isDigit(t.charCodeAt(at + 1)) || t.charCodeAt(at + 1) === 46 || isIdentStart(t.charCodeAt(at + 1))))) {
      // A number: digits, '.', exponent, hex, a trailing f/F, or -inf / -nan (an identifier after '-').
      let e = at + 1;
      while (e < t.length) {
        const d = t.charCodeAt(e);
        if (isIdentPart(d) || d === 46 || ((d === 43 || d === 45) && (t[e - 1] === 'e' || t[e - 1] === 'E') && !/^-?0[xX]/.test(t.slice(at, e)))) e++;
        else break;
      }
      this.pos = e;
      return { kind: 'number', text: t.slice(at, e), at };
    }
    if ('{}<>[]:,;'.includes(t[at])) {
      this.pos = at + 1;
      return { kind: 'punct', text: t[at], at };
    }
    throw this.error(at, 'a field name, value or punctuation', describe(t[at]));
  }

  /** A quoted string starting at pos (quote `q`), with C escapes; \ooo and \xHH are bytes, decoded as UTF-8. */
  private string(q: number): string {
    const t = this.text;
    const start = this.pos;
    let i = start + 1;
    const bytes: number[] = [];
    const encoder = new TextEncoder();
    let plainFrom = i;
    const flush = (end: number) => {
      if (end > plainFrom) for (const b of encoder.encode(t.slice(plainFrom, end))) bytes.push(b);
    };
    for (;;) {
      if (i >= t.length || t.charCodeAt(i) === 10) throw this.error(start, 'a closing quote on the same line', 'an unterminated string');
      const c = t.charCodeAt(i);
      if (c === q) break;
      if (c !== 92) {
        i++;
        continue;
      }
      flush(i);
      const e = t[i + 1];
      if (e === undefined) throw this.error(i, 'an escape after \\', 'the end of the text');
      if (e in SIMPLE_ESCAPES) {
        bytes.push(SIMPLE_ESCAPES[e]);
        i += 2;
      } else if (e >= '0' && e <= '7') {
        let j = i + 1;
        let v = 0;
        while (j < i + 4 && t[j] >= '0' && t[j] <= '7') v = v * 8 + (t.charCodeAt(j++) - 48);
        if (v > 255) throw this.error(i, 'an octal escape ≤ \\377', `\\${t.slice(i + 1, j)}`);
        bytes.push(v);
        i = j;
      } else if (e === 'x' || e === 'X') {
        const m = /^[0-9a-fA-F]{1,2}/.exec(t.slice(i + 2, i + 4));
        if (!m) throw this.error(i, 'hex digits after \\x', describe(t.slice(i, i + 4)));
        bytes.push(parseInt(m[0], 16));
        i += 2 + m[0].length;
      } else if (e === 'u' || e === 'U') {
        const n = e === 'u' ? 4 : 8;
        const hex = t.slice(i + 2, i + 2 + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex) || parseInt(hex, 16) > 0x10ffff) throw this.error(i, `${n} hex digits of a code point after \\${e}`, describe(t.slice(i, i + 2 + n)));
        for (const b of encoder.encode(String.fromCodePoint(parseInt(hex, 16)))) bytes.push(b);
        i += 2 + n;
      } else throw this.error(i, 'an escape (\\n \\t \\r \\\\ \\" \\\' \\ooo \\xHH \\uHHHH)', `\\${e}`);
      plainFrom = i;
    }
    flush(i);
    this.pos = i + 1;
    return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
  }
}

/** Reads a number token (decimal, hex, octal, float with exponent or `f` suffix, inf, nan). Null when it is none. */
function numberOf(text: string): number | null {
  let s = text;
  let sign = 1;
  if (s[0] === '-') {
    sign = -1;
    s = s.slice(1);
  }
  const lower = s.toLowerCase();
  if (lower === 'inf' || lower === 'infinity' || lower === 'inff' || lower === 'infinityf') return sign * Infinity;
  if (lower === 'nan' || lower === 'nanf') return NaN;
  if (/^0x[0-9a-f]+$/i.test(s)) return sign * parseInt(s.slice(2), 16);
  if (/^0[0-7]+$/.test(s)) return sign * parseInt(s, 8);
  if (/^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?f?$/i.test(s)) return sign * Number(s.replace(/f$/i, ''));
  return null;
}

/**
 * Parses protobuf text format into plain objects: every field becomes a list of its values (a message field's
 * values are nested {@link PbtxtMessage}s). Accepts `field: value` and `field { … }` / `field: { … }` / `field < … >`,
 * repeated fields and the list form `field: [a, b]`, `#` comments, single- or double-quoted strings with C escapes
 * (adjacent strings are joined), integers (decimal, hex, octal), floats (`1e-3`, `2.5f`, `inf`, `nan`), identifiers
 * (`true`, `false` become booleans; enum names stay strings) and `,`/`;` between fields. Nothing is evaluated.
 *
 * @param text the protobuf text
 * @param name what the error messages call the input (default `'pbtxt'`), e.g. the file's URL
 * @throws {PbtxtSyntaxError} naming line and column of the first token it cannot read
 */
export function parsePbtxt(text: string, name = 'pbtxt'): PbtxtMessage {
  if (typeof text !== 'string') throw new TensorLensError('type', name, 'protobuf text', describe(text));
  const lx = new Lexer(text, name);
  let tok = lx.next();
  const advance = () => {
    tok = lx.next();
  };
  /** True when the current token is the punctuation `p` (a call, so TypeScript does not narrow `tok` across advance()). */
  const isPunct = (p: string | null) => tok.kind === 'punct' && tok.text === p;
  const atEnd = () => tok.kind === 'end';
  const received = (t: Token) => (t.kind === 'end' ? 'the end of the text' : t.kind === 'string' ? JSON.stringify(t.text) : `"${t.text}"`);

  const scalar = (): PbtxtScalar => {
    if (tok.kind === 'string') {
      let s = tok.text;
      advance();
      while (tok.kind === 'string') {
        s += tok.text;
        advance();
      }
      return s;
    }
    if (tok.kind === 'number' || (tok.kind === 'ident' && numberOf(tok.text) !== null && /^(inf|infinity|nan)f?$/i.test(tok.text))) {
      const v = numberOf(tok.text);
      if (v === null) throw lx.error(tok.at, 'a number', received(tok));
      advance();
      return v;
    }
    if (tok.kind === 'ident') {
      const v = tok.text === 'true' || tok.text === 'True' || tok.text === 't' ? true : tok.text === 'false' || tok.text === 'False' || tok.text === 'f' ? false : tok.text;
      advance();
      return v;
    }
    throw lx.error(tok.at, 'a value (a string, number or identifier)', received(tok));
  };

  const message = (close: string | null, depth: number): PbtxtMessage => {
    if (depth > MAX_DEPTH) throw lx.error(tok.at, `messages nested at most ${MAX_DEPTH} deep`, 'deeper nesting');
    const out: PbtxtMessage = Object.create(null) as PbtxtMessage;
    for (;;) {
      if (close === null ? atEnd() : isPunct(close)) break;
      if (atEnd()) throw lx.error(tok.at, `'${close}' to close the message`, 'the end of the text');
      if (isPunct('[')) throw lx.error(tok.at, 'a field name (extensions and Any are not supported)', "'['");
      if (tok.kind !== 'ident') throw lx.error(tok.at, close === null ? 'a field name' : `a field name or '${close}'`, received(tok));
      const field = tok.text;
      const values = (out[field] ??= []);
      advance();
      let colon = false;
      if (isPunct(':')) {
        colon = true;
        advance();
      }
      const opens = (t: Token) => t.kind === 'punct' && (t.text === '{' || t.text === '<');
      if (opens(tok)) {
        const end = tok.text === '{' ? '}' : '>';
        advance();
        values.push(message(end, depth + 1));
        advance();
      } else if (!colon) {
        throw lx.error(tok.at, `':' or '{' after the field name ${field}`, received(tok));
      } else if (isPunct('[')) {
        advance();
        while (!(isPunct(']'))) {
          if (opens(tok)) {
            const end = tok.text === '{' ? '}' : '>';
            advance();
            values.push(message(end, depth + 1));
            advance();
          } else values.push(scalar());
          if (isPunct(',')) advance();
          else if (!(isPunct(']'))) throw lx.error(tok.at, "',' or ']' in the list", received(tok));
        }
        advance();
      } else values.push(scalar());
      if (isPunct(',') || isPunct(';')) advance();
    }
    return out;
  };

  return message(null, 0);
}
