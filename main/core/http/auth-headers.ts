import type { ConnectionAuth, SecretRef } from '../../../shared/contract/connections.js';
import { entraTokens } from './entra-token.js';

export type SecretSource = (ref: SecretRef) => Promise<string>;

/** The request headers an auth scheme needs, with its secrets read now (so a changed env variable or keychain entry is picked up). */
export async function authHeaders(auth: ConnectionAuth, secret: SecretSource): Promise<Record<string, string>> {
  switch (auth.type) {
    case 'none':
      return {};
    case 'basic': {
      const password = await secret(auth.password);
      return { authorization: `Basic ${Buffer.from(`${auth.username}:${password}`, 'utf8').toString('base64')}` };
    }
    case 'bearer':
      return { authorization: `Bearer ${await secret(auth.token)}` };
    case 'api-key':
      return { authorization: `ApiKey ${await secret(auth.key)}` };
    case 'datadog': {
      const [apiKey, applicationKey] = await Promise.all([secret(auth.apiKey), secret(auth.applicationKey)]);
      return { 'dd-api-key': apiKey, 'dd-application-key': applicationKey };
    }
    case 'oauth-key':
      return { authorization: `OAuth ${await secret(auth.key)}` };
    case 'octopus':
      return { 'x-octopus-apikey': await secret(auth.apiKey) };
    case 'redmine':
      return { 'x-redmine-api-key': await secret(auth.apiKey) };
    case 'entra': {
      const clientSecret = await secret(auth.clientSecret);
      return { authorization: `Bearer ${await entraTokens.token({ authority: auth.authority, tenantId: auth.tenantId, clientId: auth.clientId, clientSecret })}` };
    }
  }
}
