import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/temp.js';

const tempDir = useTempDirs();
const run = promisify(execFile);

/** The security scan in `npm test` fails on an unhardened window: it is not a check that always passes. */
describe('the electronegativity gate', () => {
  it('fails, naming the check and the line, on a window without context isolation', async () => {
    const app = tempDir();
    mkdirSync(join(app, 'main'));
    mkdirSync(join(app, 'preload'));
    mkdirSync(join(app, 'renderer'));
    writeFileSync(
      join(app, 'main', 'window.ts'),
      "import { BrowserWindow } from 'electron';\nexport const open = () => new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: true } });\n",
    );
    writeFileSync(join(app, 'preload', 'index.ts'), 'export {};\n');
    writeFileSync(join(app, 'renderer', 'index.html'), '<!doctype html><title>t</title>\n');
    const outcome = await run('npx', ['tsx', 'tests/security/electronegativity.ts', app]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('HIGH CONTEXT_ISOLATION_JS_CHECK at main/window.ts:2');
    expect(outcome.stderr).toContain('no longer found: CONTEXT_ISOLATION_JS_CHECK main/electron/index.ts');
  }, 180_000);
});
