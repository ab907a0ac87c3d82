import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * The forms a secret can leak in: as typed, inside a Basic auth header (base64 of
 * "user:secret"), or base64-encoded alone. The end-to-end test searches the DOM with these too.
 */
export function secretForms(secret: string, username?: string): string[] {
  const forms = [secret, Buffer.from(secret, 'utf8').toString('base64')];
  if (username !== undefined) forms.push(Buffer.from(`${username}:${secret}`, 'utf8').toString('base64'));
  return forms;
}

/** Fails naming where a secret turned up; `texts` maps a place (a log line, an answer) to what it holds. */
export function expectNoSecrets(texts: ReadonlyArray<{ where: string; text: string }>, forms: readonly string[]): void {
  const leaks = texts.flatMap(({ where, text }) => forms.filter((form) => text.includes(form)).map((form) => `${where} holds "${form}"`));
  expect(leaks).toEqual([]);
}

/** Every file of the store (database, WAL), as text. */
export function storeFiles(dataDir: string): Array<{ where: string; text: string }> {
  if (!existsSync(dataDir)) return [];
  return readdirSync(dataDir).map((name) => ({ where: `store file ${name}`, text: readFileSync(join(dataDir, name)).toString('latin1') }));
}
