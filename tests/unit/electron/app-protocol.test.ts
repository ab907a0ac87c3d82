import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveAppFile, serveAppFiles } from '../../../main/electron/app-protocol.js';

const root = mkdtempSync(join(tmpdir(), 'watchfloor-app-'));
const appRoot = join(root, 'renderer');
mkdirSync(join(appRoot, 'assets'), { recursive: true });
writeFileSync(join(appRoot, 'index.html'), '<!doctype html><title>Watchfloor</title>');
writeFileSync(join(appRoot, 'assets', 'index.js'), 'console.log(1)');
// A file next to the app folder whose name starts like it: a prefix check alone would let it through.
mkdirSync(join(root, 'renderer-secrets'));
writeFileSync(join(root, 'renderer-secrets', 'token.txt'), 'secret');
writeFileSync(join(root, 'passwd'), 'secret');

type Handler = (request: Request) => Promise<Response>;

function servedBy(): Handler {
  let handler: Handler | undefined;
  const protocol = { handle: (_scheme: string, fn: Handler) => (handler = fn) };
  serveAppFiles(protocol as never, appRoot, async (url) => new Response(readFileSync(fileURLToPath(url))));
  if (!handler) throw new Error('no handler registered');
  return handler;
}

describe('app:// protocol', () => {
  it('serves the index and assets from the app folder with the console CSP', async () => {
    const handler = servedBy();
    const index = await handler(new Request('app://watchfloor/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await index.text()).toContain('<title>Watchfloor</title>');
    const script = await handler(new Request('app://watchfloor/assets/index.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await handler(new Request('app://watchfloor/assets/missing.js'))).status).toBe(404);
  });

  // The URL parser already folds `..` and `%2e%2e` segments at the root; what remains is decoded and checked again.
  it.each([
    'app://watchfloor/../passwd',
    'app://watchfloor/%2e%2e/passwd',
    'app://watchfloor/%2E%2E%2Fpasswd',
    'app://watchfloor/assets/..%2f..%2fpasswd',
    'app://watchfloor/..%5cpasswd',
    'app://watchfloor/%2e%2e/renderer-secrets/token.txt',
    'app://watchfloor/assets/%2e%2e%2f%2e%2e%2frenderer-secrets%2ftoken.txt',
    'app://watchfloor/index.html%00.png',
    'app://watchfloor/%E0%A4%A',
    'app://elsewhere/index.html',
  ])('never reads outside the app folder for %s', async (url) => {
    const file = resolveAppFile(appRoot, url);
    if (file.ok) expect(file.path.startsWith(`${appRoot}/`)).toBe(true);
    const answer = await servedBy()(new Request(url));
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(await answer.text()).not.toContain('secret');
  });

  it('names why a request is refused', () => {
    expect(resolveAppFile(appRoot, 'app://watchfloor/assets/..%2f..%2fpasswd')).toEqual({ ok: false, status: 404, reason: 'outside the app folder' });
    expect(resolveAppFile(appRoot, 'app://watchfloor/..%5cpasswd')).toEqual({ ok: false, status: 400, reason: 'forbidden character in path' });
    expect(resolveAppFile(appRoot, 'app://watchfloor/%E0%A4%A')).toEqual({ ok: false, status: 400, reason: 'malformed percent-encoding' });
    expect(resolveAppFile(appRoot, 'file:///etc/passwd')).toEqual({ ok: false, status: 404, reason: 'only app://watchfloor/ is served' });
  });

  it('maps the root to the index, inside the folder', () => {
    expect(resolveAppFile(appRoot, 'app://watchfloor/')).toEqual({ ok: true, path: join(appRoot, 'index.html') });
    expect(resolveAppFile(appRoot, 'app://watchfloor/assets/./index.js')).toEqual({ ok: true, path: join(appRoot, 'assets', 'index.js') });
  });
});
