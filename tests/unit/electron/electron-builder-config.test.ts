import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const require = createRequire(import.meta.url);
const schema: unknown = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
// Compiling the schema takes seconds: once for the file.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema as object);
const config: unknown = parse(readFileSync(new URL('../../../electron-builder.yml', import.meta.url), 'utf8'));

/** Reads a nested key of the parsed YAML without trusting its shape. */
function at(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? Reflect.get(node, key) : undefined), value);
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own JSON schema", () => {
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('a misspelt key is caught by the same check', () => {
    expect(validate({ ...(config as object), electronFuse: { runAsNode: false } })).toBe(false);
  });

  it('ships the hardened fuses, the targets, the deb dependency, the mac entitlements and unpacked native modules', () => {
    expect(at(config, 'electronFuses')).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(at(config, 'linux', 'target')).toEqual(['AppImage', 'deb']);
    expect(at(config, 'deb', 'depends')).toContain('libsecret-1-0');
    expect(at(config, 'mac', 'target')).toEqual(['dmg']);
    expect(at(config, 'mac', 'hardenedRuntime')).toBe(true);
    expect(readFileSync(new URL(`../../../${String(at(config, 'mac', 'entitlements'))}`, import.meta.url), 'utf8')).toContain('com.apple.security.cs.allow-jit');
    expect(at(config, 'win', 'target')).toEqual(['nsis']);
    expect(at(config, 'asarUnpack')).toContain('**/*.node');
    expect(at(config, 'protocols')).toEqual([{ name: 'Watchfloor', schemes: ['watchfloor'] }]);
  });
});
