// Content-Encoding handling for the ingest endpoints. Server-side only (node:zlib).
//
// Supported codings: identity, gzip (also x-gzip, and several concatenated gzip members),
// deflate (the zlib-wrapped form RFC 9110 names, and the raw DEFLATE stream some agents send),
// br, and zstd when the running Node has zlib.zstdDecompressSync (Node ≥ 22.15).
// A list such as "gzip, identity" is undone right to left, as the header lists codings in the
// order they were applied.
//
// Every decompression is capped at a maximum output size (MAX_DECOMPRESSED_BYTES by default),
// so a zip bomb ends with a clear error instead of exhausting memory.
import zlib from 'node:zlib';

/** Largest body, after decompression, that the ingest endpoints accept: 64 MiB. */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

export type DecodeBodyResult =
  | { ok: true; body: Uint8Array }
  | {
      ok: false;
      /** The HTTP status that fits: 413 too large, 415 unsupported coding, 400 corrupt data. */
      status: 400 | 413 | 415;
      message: string;
    };

export interface DecodeBodyOptions {
  /** Maximum decompressed size in bytes; defaults to MAX_DECOMPRESSED_BYTES. */
  maxBytes?: number;
  /**
   * When no coding is declared, recognise a gzip stream by its magic bytes (1f 8b) and inflate it
   * anyway: neither JSON, text logs nor an OTLP protobuf message can start that way. Default true.
   */
  sniffGzip?: boolean;
}

type ZstdSync = (buffer: Uint8Array, options?: { maxOutputLength?: number }) => Buffer;

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function tooLarge(maxBytes: number, coding?: string) {
  return {
    ok: false as const,
    status: 413 as const,
    message: coding
      ? `request body is larger than ${formatBytes(maxBytes)} after ${coding} decompression`
      : `request body is larger than ${formatBytes(maxBytes)}`,
  };
}

function isTooLarge(error: unknown): boolean {
  return (
    error instanceof RangeError ||
    (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A zlib header: CM = 8 (deflate), window ≤ 32 KiB, and the check bits make the pair a multiple of 31. */
function hasZlibHeader(data: Uint8Array): boolean {
  if (data.length < 2) return false;
  const cmf = data[0];
  const flg = data[1];
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && ((cmf << 8) | flg) % 31 === 0;
}

function inflateOne(
  data: Uint8Array,
  coding: string,
  maxBytes: number,
): { ok: true; body: Uint8Array } | { ok: false; status: 400 | 413 | 415; message: string } {
  const options = { maxOutputLength: maxBytes };
  try {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return { ok: true, body: zlib.gunzipSync(data, options) };
      case 'deflate': {
        if (hasZlibHeader(data)) {
          try {
            return { ok: true, body: zlib.inflateSync(data, options) };
          } catch (error) {
            if (isTooLarge(error)) throw error;
            // The two header bytes can occur by chance at the start of a raw stream: try that too.
          }
        }
        return { ok: true, body: zlib.inflateRawSync(data, options) };
      }
      case 'br':
        return { ok: true, body: zlib.brotliDecompressSync(data, options) };
      case 'zstd': {
        const zstd = (zlib as unknown as { zstdDecompressSync?: ZstdSync }).zstdDecompressSync;
        if (!zstd) {
          return {
            ok: false,
            status: 415,
            message:
              'content-encoding zstd is not supported by this server (it needs Node 22.15 or later); ' +
              'send gzip instead, for the Datadog agent with logs_config.compression_kind: gzip',
          };
        }
        return { ok: true, body: zstd(data, options) };
      }
      default:
        return {
          ok: false,
          status: 415,
          message: `unsupported content-encoding "${coding}"; use gzip, deflate, br or identity`,
        };
    }
  } catch (error) {
    if (isTooLarge(error)) return tooLarge(maxBytes, coding);
    return { ok: false, status: 400, message: `request body is not valid ${coding} data: ${errorText(error)}` };
  }
}

/**
 * Undo the Content-Encoding of a request body.
 * `contentEncoding` is the header value as received (null or undefined when absent).
 */
export function decodeBody(
  body: Uint8Array | ArrayBuffer,
  contentEncoding: string | null | undefined,
  options: DecodeBodyOptions = {},
): DecodeBodyResult {
  const maxBytes =
    options.maxBytes !== undefined && Number.isFinite(options.maxBytes) && options.maxBytes > 0
      ? Math.floor(options.maxBytes)
      : MAX_DECOMPRESSED_BYTES;
  let data = body instanceof Uint8Array ? body : new Uint8Array(body);

  const codings = (contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');

  if (codings.length === 0 && options.sniffGzip !== false && data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    codings.push('gzip');
  }

  for (let i = codings.length - 1; i >= 0; i--) {
    const step = inflateOne(data, codings[i], maxBytes);
    if (!step.ok) return step;
    data = step.body;
  }
  if (data.length > maxBytes) return tooLarge(maxBytes);
  return { ok: true, body: data };
}
