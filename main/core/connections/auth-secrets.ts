import type {
  ConnectionAuth,
  ConnectionAuthInput,
  ConnectionAuthView,
  SecretInput,
  SecretRef,
  SecretView,
} from '../../../shared/contract/connections.js';

/** The fields of an auth scheme that hold a secret; with the connection id they name its keychain account. */
export type SecretField = 'password' | 'token' | 'key' | 'apiKey' | 'applicationKey' | 'clientSecret';

export function secretAccount(connectionId: string, field: SecretField): string {
  return `${connectionId}/${field}`;
}

export function secretRefs(auth: ConnectionAuth): Array<{ field: SecretField; ref: SecretRef }> {
  switch (auth.type) {
    case 'none':
      return [];
    case 'basic':
      return [{ field: 'password', ref: auth.password }];
    case 'bearer':
      return [{ field: 'token', ref: auth.token }];
    case 'api-key':
    case 'oauth-key':
      return [{ field: 'key', ref: auth.key }];
    case 'datadog':
      return [
        { field: 'apiKey', ref: auth.apiKey },
        { field: 'applicationKey', ref: auth.applicationKey },
      ];
    case 'octopus':
    case 'redmine':
      return [{ field: 'apiKey', ref: auth.apiKey }];
    case 'entra':
      return [{ field: 'clientSecret', ref: auth.clientSecret }];
  }
}

/** The auth as stored: each typed secret turned into a reference by `toRef`. */
export async function authWithRefs(
  input: ConnectionAuthInput,
  toRef: (field: SecretField, secret: SecretInput) => Promise<SecretRef>,
): Promise<ConnectionAuth> {
  switch (input.type) {
    case 'none':
      return input;
    case 'basic':
      return { type: 'basic', username: input.username, password: await toRef('password', input.password) };
    case 'bearer':
      return { type: 'bearer', token: await toRef('token', input.token) };
    case 'api-key':
      return { type: 'api-key', key: await toRef('key', input.key) };
    case 'oauth-key':
      return { type: 'oauth-key', key: await toRef('key', input.key) };
    case 'datadog':
      return { type: 'datadog', apiKey: await toRef('apiKey', input.apiKey), applicationKey: await toRef('applicationKey', input.applicationKey) };
    case 'octopus':
      return { type: 'octopus', apiKey: await toRef('apiKey', input.apiKey) };
    case 'redmine':
      return { type: 'redmine', apiKey: await toRef('apiKey', input.apiKey) };
    case 'entra':
      return { ...input, clientSecret: await toRef('clientSecret', input.clientSecret) };
  }
}

export function secretView(ref: SecretRef, present: boolean): SecretView {
  return { store: ref.store, reference: ref.store === 'env' ? ref.variable : ref.account, present };
}

/** What the renderer may see of an auth: where each secret lives and whether it can be read. */
export function authView(auth: ConnectionAuth, present: (ref: SecretRef) => boolean): ConnectionAuthView {
  const view = (ref: SecretRef) => secretView(ref, present(ref));
  switch (auth.type) {
    case 'none':
      return auth;
    case 'basic':
      return { type: 'basic', username: auth.username, password: view(auth.password) };
    case 'bearer':
      return { type: 'bearer', token: view(auth.token) };
    case 'api-key':
      return { type: 'api-key', key: view(auth.key) };
    case 'oauth-key':
      return { type: 'oauth-key', key: view(auth.key) };
    case 'datadog':
      return { type: 'datadog', apiKey: view(auth.apiKey), applicationKey: view(auth.applicationKey) };
    case 'octopus':
      return { type: 'octopus', apiKey: view(auth.apiKey) };
    case 'redmine':
      return { type: 'redmine', apiKey: view(auth.apiKey) };
    case 'entra':
      return { ...auth, clientSecret: view(auth.clientSecret) };
  }
}
