import { describe, expect, it } from 'vitest';
import { errorFor, fieldErrorsOf } from '../../renderer/src/api/field-errors.js';
import { OpsFailure } from '../../shared/contract/errors.js';

describe('field errors from an invalid-input answer', () => {
  it('puts each problem next to its field, relative to the form root', () => {
    const error = new OpsFailure(
      'invalid-input',
      'connections.save: input.connection.baseUrl: expected an http:// or https:// URL; input.connection.auth.password.value: expected the secret; it goes to the OS keychain',
    );
    const errors = fieldErrorsOf(error, ['input.connection.']);
    expect(errors.fields.get('baseUrl')).toBe('expected an http:// or https:// URL');
    expect(errorFor(errors, 'auth.password')).toBe('expected the secret; it goes to the OS keychain');
    expect(errorFor(errors, 'name')).toBeUndefined();
    expect(errors.other).toBeNull();
  });

  it('finds array items and keeps what belongs to no field', () => {
    const error = new OpsFailure('invalid-input', 'silences.create: input.matchers[1].name: expected a label name; input: too many keys');
    const errors = fieldErrorsOf(error, ['input.']);
    expect(errorFor(errors, 'matchers[1]')).toBe('expected a label name');
    expect(errors.other).toBe('input: too many keys');
  });

  it('leaves any other kind of error whole', () => {
    const errors = fieldErrorsOf(new OpsFailure('unavailable', 'The OS keychain cannot be used: no Secret Service on the session bus.'), ['input.']);
    expect(errors.fields.size).toBe(0);
    expect(errors.other).toBe('The OS keychain cannot be used: no Secret Service on the session bus.');
  });
});
