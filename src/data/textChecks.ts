/** Checks on text a user brings, from raw bytes: every problem is a sentence a person understands. */

/** The largest text accepted: its code points become an Int32Array (4 bytes each) beside the string. */
export const MAX_TEXT_BYTES = 20 * 1024 * 1024;
/** Share of control characters (other than tab, newline, carriage return, form feed) that means binary. */
const MAX_CONTROL_SHARE = 0.01;

export type TextProblem =
  | 'empty'
  | 'too-large'
  | 'binary'
  | 'not-utf8'
  | 'too-short'
  | 'vocabulary-too-large';

export type TextCheck = { ok: true; text: string } | { ok: false; problem: TextProblem; message: string };

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function fail(problem: TextProblem, message: string): TextCheck {
  return { ok: false, problem, message };
}

function decodeWithBom(bytes: Uint8Array): string | null {
  const decoders: [number[], string][] = [
    [[0xef, 0xbb, 0xbf], 'utf-8'],
    [[0xff, 0xfe], 'utf-16le'],
    [[0xfe, 0xff], 'utf-16be'],
  ];
  for (const [bom, label] of decoders) if (bom.every((b, k) => bytes[k] === b)) return decodeAs(bytes, label);
  return decodeAs(bytes, 'utf-8');
}

/** The text in this encoding (a leading byte-order mark dropped), or null where the bytes are not valid in it. */
function decodeAs(bytes: Uint8Array, label: string): string | null {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * UTF-16 saved without a byte-order mark (some editors' "Unicode" without BOM, text piped out of PowerShell):
 * its NUL bytes are the high bytes of ASCII characters, so they sit at one parity only, at least every few
 * characters. A binary file's NULs fall on both. Returns the encoding, or null where the bytes don't read so.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length < 8 || bytes.length % 2 !== 0) return null;
  let even = 0;
  let odd = 0;
  for (let k = 0; k < bytes.length; k++) {
    if (bytes[k] !== 0) continue;
    if (k % 2 === 0) even++;
    else odd++;
  }
  const half = bytes.length / 2;
  const label = odd > even ? 'utf-16le' : 'utf-16be';
  const [high, low] = odd > even ? [odd, even] : [even, odd];
  if (high < 0.3 * half || low > 0.02 * half) return null;
  return label;
}

/** Why a file of this many bytes is refused before it is read; null when its size is fine. */
export function tooLargeMessage(size: number): string | null {
  return size > MAX_TEXT_BYTES ? `The file is ${formatBytes(size)}; Gate Lab accepts texts up to ${formatBytes(MAX_TEXT_BYTES)}.` : null;
}

/** Size first (no giant string is built for a huge file), then encoding, then binary content. */
export function decodeUserText(input: Uint8Array | ArrayBuffer): TextCheck {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length === 0) return fail('empty', 'The file is empty.');
  const tooLarge = tooLargeMessage(bytes.length);
  if (tooLarge) return fail('too-large', tooLarge);
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const noBom = utf16 ? null : utf16WithoutBom(bytes);
  if (!utf16 && !noBom && bytes.includes(0)) {
    return fail(
      'binary',
      'The file holds NUL bytes: it looks like a binary file, not text. Choose a plain-text (.txt) file.',
    );
  }
  const text = noBom ? decodeAs(bytes, noBom) : decodeWithBom(bytes);
  if (text === null) {
    return fail(
      'not-utf8',
      'The file is not UTF-8 text (its bytes are not valid UTF-8). Save it as UTF-8 and try again.',
    );
  }
  let control = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 127) control++;
  }
  if (control > MAX_CONTROL_SHARE * text.length) {
    return fail(
      'binary',
      `${((100 * control) / text.length).toFixed(0)}% of the file is control characters: it looks like a binary file, not text.`,
    );
  }
  if (text.trim().length === 0) return fail('empty', 'The file holds only white space.');
  return { ok: true, text };
}
