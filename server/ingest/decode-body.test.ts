import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBody, MAX_DECOMPRESSED_BYTES } from './decode-body';

const payload = Buffer.from(JSON.stringify([{ message: 'hello', status: 'info' }]).repeat(20));

function text(result: ReturnType<typeof decodeBody>): string {
  if (!result.ok) throw new Error(result.message);
  return Buffer.from(result.body).toString('utf8');
}

describe('decodeBody', () => {
  it('passes identity bodies through', () => {
    expect(text(decodeBody(payload, undefined))).toBe(payload.toString());
    expect(text(decodeBody(payload, 'identity'))).toBe(payload.toString());
    expect(text(decodeBody(payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.length), null))).toBe(
      payload.toString(),
    );
  });

  it('inflates gzip, including x-gzip, upper case and multi-member streams', () => {
    expect(text(decodeBody(zlib.gzipSync(payload), 'gzip'))).toBe(payload.toString());
    expect(text(decodeBody(zlib.gzipSync(payload), 'X-GZIP'))).toBe(payload.toString());
    const twoMembers = Buffer.concat([zlib.gzipSync(payload), zlib.gzipSync(payload)]);
    expect(text(decodeBody(twoMembers, 'gzip'))).toBe(payload.toString() + payload.toString());
  });

  it('inflates deflate both zlib-wrapped and raw', () => {
    expect(text(decodeBody(zlib.deflateSync(payload), 'deflate'))).toBe(payload.toString());
    expect(text(decodeBody(zlib.deflateRawSync(payload), 'deflate'))).toBe(payload.toString());
    for (let level = 0; level <= 9; level++) {
      expect(text(decodeBody(zlib.deflateRawSync(payload, { level }), 'deflate'))).toBe(payload.toString());
      expect(text(decodeBody(zlib.deflateSync(payload, { level }), 'deflate'))).toBe(payload.toString());
    }
  });

  it('inflates brotli and undoes stacked codings right to left', () => {
    expect(text(decodeBody(zlib.brotliCompressSync(payload), 'br'))).toBe(payload.toString());
    const stacked = zlib.gzipSync(zlib.deflateSync(payload));
    expect(text(decodeBody(stacked, 'deflate, gzip'))).toBe(payload.toString());
    expect(text(decodeBody(zlib.gzipSync(payload), 'gzip, identity'))).toBe(payload.toString());
  });

  it('recognises an undeclared gzip body by its magic bytes, unless told not to', () => {
    expect(text(decodeBody(zlib.gzipSync(payload), undefined))).toBe(payload.toString());
    const raw = decodeBody(zlib.gzipSync(payload), undefined, { sniffGzip: false });
    expect(raw.ok && raw.body[0]).toBe(0x1f);
  });

  it('stops zip bombs at the size limit with 413', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(4 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(10_000);
    const result = decodeBody(bomb, 'gzip', { maxBytes: 1024 * 1024 });
    expect(result).toEqual({
      ok: false,
      status: 413,
      message: 'request body is larger than 1 MiB after gzip decompression',
    });
    const deflated = decodeBody(zlib.deflateRawSync(Buffer.alloc(2_000_000)), 'deflate', { maxBytes: 1_000_000 });
    expect(deflated.ok === false && deflated.status).toBe(413);
    expect(decodeBody(Buffer.alloc(2048), 'identity', { maxBytes: 1024 })).toMatchObject({ ok: false, status: 413 });
    expect(MAX_DECOMPRESSED_BYTES).toBe(64 * 1024 * 1024);
  });

  it('keeps the default 64 MiB limit', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1));
    const result = decodeBody(bomb, 'gzip');
    expect(result).toMatchObject({ ok: false, status: 413, message: expect.stringContaining('64 MiB') });
  });

  it('reports corrupt data with 400 and unknown codings with 415', () => {
    const corrupt = decodeBody(Buffer.from('not gzip at all'), 'gzip');
    expect(corrupt).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/^request body is not valid gzip data: /) });
    const truncated = zlib.gzipSync(payload).subarray(0, 20);
    expect(decodeBody(truncated, 'gzip')).toMatchObject({ ok: false, status: 400 });
    expect(decodeBody(Buffer.from([0xff, 0xff, 0xff]), 'deflate')).toMatchObject({ ok: false, status: 400 });
    expect(decodeBody(payload, 'compress')).toEqual({
      ok: false,
      status: 415,
      message: 'unsupported content-encoding "compress"; use gzip, deflate, br or identity',
    });
  });

  it('explains zstd when this Node cannot inflate it', () => {
    const hasZstd = typeof (zlib as unknown as { zstdDecompressSync?: unknown }).zstdDecompressSync === 'function';
    const result = decodeBody(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), 'zstd');
    if (hasZstd) expect(result).toMatchObject({ ok: false, status: 400 });
    else expect(result).toMatchObject({ ok: false, status: 415, message: expect.stringContaining('compression_kind: gzip') });
  });
});
