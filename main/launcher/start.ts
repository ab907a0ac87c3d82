import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm start`: the desktop app where the Electron runtime can be had; otherwise one plain
 * line saying so, and the same console served to the browser.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const electronPackage = join(root, 'node_modules', 'electron');
const args = process.argv.slice(2);

function electronBinary(): string | undefined {
  const pathFile = join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

function fetchElectron(): string | undefined {
  if (!existsSync(join(electronPackage, 'install.js'))) return undefined;
  const result = spawnSync(process.execPath, [join(electronPackage, 'install.js')], { stdio: 'ignore', timeout: 120_000 });
  return result.status === 0 ? electronBinary() : undefined;
}

function run(command: string, commandArgs: string[]): void {
  const child = spawn(command, commandArgs, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const binary = electronBinary() ?? fetchElectron();
if (binary) {
  run(binary, [join(root, 'out', 'main', 'electron.js'), ...args]);
} else {
  console.log('Electron runtime is not available on this machine (its binary could not be downloaded); serving the console in the browser instead.');
  run(process.execPath, [join(root, 'out', 'main', 'serve.js'), ...args]);
}
