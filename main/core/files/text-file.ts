import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { DefinitionProblem } from '../../../shared/contract/fleet.js';

/**
 * The one way the core reads a file a person writes (the fleet file, the calendar file): its
 * size checked before a byte is read, and its bytes decoded as strict UTF-8, so a wrong or
 * damaged file gets a problem naming it instead of gigabytes of memory or silent U+FFFD.
 */

/**
 * A fleet of 50,000 environments written one per line measured 13.7 MiB (and took the YAML parser
 * about 870 MiB and many seconds); a 50 MB file took about 2 GB. Above this, the file is refused unread.
 */
export const MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024;

export type TextFileRead = { ok: true; text: string } | { ok: false; problem: DefinitionProblem };

const MIB = 1024 * 1024;

function mebibytes(bytes: number): string {
  return `${Math.round((bytes / MIB) * 10) / 10} MiB`;
}

/** `what` names the kind of file in messages ("fleet file"). */
export function readTextFile(file: string, what: string): TextFileRead {
  const problem = (message: string, line: number | null = null, column: number | null = null): TextFileRead => ({
    ok: false,
    problem: { file, line, column, path: '', message },
  });
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    return problem(`cannot read the ${what}: ${reasonOf(error)}`);
  }
  try {
    // The size of the file opened, not of a path that may be replaced in between.
    const size = fstatSync(fd).size;
    if (size > MAX_TEXT_FILE_BYTES) {
      return problem(`the file is ${mebibytes(size)}, more than the ${mebibytes(MAX_TEXT_FILE_BYTES)} a ${what} may be; is it the right file?`);
    }
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const got = readSync(fd, bytes, read, size - read, read);
      if (got === 0) break;
      read += got;
    }
    const content = bytes.subarray(0, read);
    const bad = firstInvalidUtf8(content);
    if (bad !== null) {
      const lineStart = content.lastIndexOf(0x0a, bad - 1) + 1;
      const line = countNewlines(content, bad) + 1;
      return problem(`not valid UTF-8 at byte ${bad} (line ${line}): save the file as UTF-8`, line, bad - lineStart + 1);
    }
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(content) };
  } catch (error) {
    return problem(`cannot read the ${what}: ${reasonOf(error)}`);
  } finally {
    closeSync(fd);
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && 'code' in error) {
    if (error.code === 'ENOENT') return 'file not found';
    if (error.code === 'EISDIR') return 'it is a folder';
    if (error.code === 'EACCES' || error.code === 'EPERM') return 'permission denied';
  }
  return error instanceof Error ? error.message : String(error);
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let index = 0; index < end; index++) if (bytes[index] === 0x0a) count++;
  return count;
}

/** The offset of the first byte that does not start or continue a well-formed UTF-8 sequence, or null (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number | null {
  const length = bytes.length;
  let index = 0;
  while (index < length) {
    const lead = bytes[index] ?? 0;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let needed: number;
    let min = 0x80;
    let max = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      // No overlong forms, and no UTF-16 surrogates (U+D800..U+DFFF).
      if (lead === 0xe0) min = 0xa0;
      if (lead === 0xed) max = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) min = 0x90;
      if (lead === 0xf4) max = 0x8f;
    } else return index;
    for (let next = 1; next <= needed; next++) {
      const byte = bytes[index + next];
      const low = next === 1 ? min : 0x80;
      const high = next === 1 ? max : 0xbf;
      if (byte === undefined || byte < low || byte > high) return index;
    }
    index += needed + 1;
  }
  return null;
}
