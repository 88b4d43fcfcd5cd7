/**
 * The safetensors format (huggingface.co/docs/safetensors): an 8-byte little-endian header length N,
 * N bytes of JSON header (padded with spaces so the data starts at a multiple of 8), then the tensors'
 * bytes, which the header's data_offsets must cover exactly. F32 is written; F32, F16, BF16 and F64 are
 * read (as Float32Array).
 */
export interface NamedTensor {
  shape: number[];
  data: Float32Array;
}

export type SafetensorsProblem =
  | 'too-short'
  | 'header-length'
  | 'header-json'
  | 'header-entry'
  | 'dtype'
  | 'offsets'
  | 'coverage'
  | 'metadata';

export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
  constructor(
    readonly problem: SafetensorsProblem,
    message: string,
  ) {
    super(message);
  }
}

const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const DTYPE_BYTES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };

export function encodeSafetensors(
  tensors: Record<string, NamedTensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length)
      throw new Error(`tensor ${name}: shape [${t.shape}] holds ${size} values, data has ${t.data.length}`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * size] };
    offset += 4 * size;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of Object.values(tensors)) {
    for (let k = 0; k < t.data.length; k++) view.setFloat32(at + 4 * k, t.data[k] as number, true);
    at += 4 * t.data.length;
  }
  return out;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

function readEntry(name: string, raw: unknown, dataBytes: number): HeaderEntry {
  const entry = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown } | null;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new SafetensorsError('header-entry', `tensor ${name}: its header entry is not an object`);
  }
  if (typeof entry.dtype !== 'string') throw new SafetensorsError('header-entry', `tensor ${name}: no dtype`);
  const width = DTYPE_BYTES[entry.dtype];
  if (!width)
    throw new SafetensorsError(
      'dtype',
      `tensor ${name}: dtype ${entry.dtype} is not supported (F32, F16, BF16 or F64)`,
    );
  const shape = entry.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new SafetensorsError(
      'header-entry',
      `tensor ${name}: shape must be a list of non-negative integers`,
    );
  }
  const offsets = entry.data_offsets;
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)
  ) {
    throw new SafetensorsError('offsets', `tensor ${name}: data_offsets must be two non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) {
    throw new SafetensorsError('offsets', `tensor ${name}: data_offsets [${begin}, ${end}] are reversed (the start is after the end)`);
  }
  if (end > dataBytes) {
    throw new SafetensorsError(
      'offsets',
      `tensor ${name}: data_offsets [${begin}, ${end}] fall outside the ${dataBytes} data bytes`,
    );
  }
  const expected = shape.reduce((a: number, b: number) => a * b, 1) * width;
  if (end - begin !== expected) {
    throw new SafetensorsError(
      'offsets',
      `tensor ${name}: data_offsets [${begin}, ${end}] do not match shape [${shape}] of ${entry.dtype} (${expected} bytes)`,
    );
  }
  return { dtype: entry.dtype, shape: shape as number[], begin, end };
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function readValues(view: DataView, at: number, entry: HeaderEntry): Float32Array {
  const width = DTYPE_BYTES[entry.dtype] as number;
  const out = new Float32Array((entry.end - entry.begin) / width);
  const scratch = new DataView(new ArrayBuffer(4));
  for (let k = 0; k < out.length; k++) {
    const p = at + entry.begin + k * width;
    switch (entry.dtype) {
      case 'F32':
        out[k] = view.getFloat32(p, true);
        break;
      case 'F64':
        out[k] = view.getFloat64(p, true);
        break;
      case 'F16':
        out[k] = halfToFloat(view.getUint16(p, true));
        break;
      case 'BF16':
        scratch.setUint32(0, view.getUint16(p, true) << 16);
        out[k] = scratch.getFloat32(0);
        break;
    }
  }
  return out;
}

export function decodeSafetensors(input: Uint8Array | ArrayBuffer): {
  tensors: Map<string, NamedTensor>;
  metadata: Record<string, string>;
} {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length < 8)
    throw new SafetensorsError(
      'too-short',
      `the file has ${bytes.length} bytes; a safetensors file starts with an 8-byte header length`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    throw new SafetensorsError(
      'header-length',
      `this is not a safetensors file, or it is truncated: its header length (the first 8 bytes) claims ${headerLength} bytes and the file has ${bytes.length - 8} after it`,
    );
  }
  const n = Number(headerLength);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch {
    throw new SafetensorsError(
      'header-json',
      'the header is not valid UTF-8 JSON: this is not a safetensors file, or it is damaged',
    );
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new SafetensorsError('header-json', 'the header is not a JSON object');
  }
  const dataStart = 8 + n;
  const dataBytes = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const entries: [string, HeaderEntry][] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw new SafetensorsError('metadata', '__metadata__ is not an object');
      for (const [key, value] of Object.entries(raw)) {
        if (typeof value !== 'string')
          throw new SafetensorsError('metadata', `__metadata__ "${key}" is not a string`);
        metadata[key] = value;
      }
      continue;
    }
    entries.push([name, readEntry(name, raw, dataBytes)]);
  }
  const sorted = entries.map(([, e]) => e).sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const e of sorted) {
    if (e.begin !== covered) {
      throw new SafetensorsError(
        'coverage',
        e.begin < covered
          ? `tensors overlap at byte ${e.begin}`
          : `bytes ${covered}–${e.begin} belong to no tensor`,
      );
    }
    covered = e.end;
  }
  if (covered !== dataBytes) {
    throw new SafetensorsError(
      'coverage',
      `the tensors cover ${covered} of the ${dataBytes} data bytes: the file is truncated or has trailing bytes`,
    );
  }
  const tensors = new Map<string, NamedTensor>();
  for (const [name, e] of entries)
    tensors.set(name, { shape: e.shape, data: readValues(view, dataStart, e) });
  return { tensors, metadata };
}
