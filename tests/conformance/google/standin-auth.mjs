// A stand-in credential for Google's clients against the local fakes: a fixed bearer token, never refreshed, so no
// metadata server or key file is looked for. The fakes do not check it.
import { OAuth2Client } from 'google-auth-library';

export function standInAuthClient() {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'conformance-token', expiry_date: Date.now() + 24 * 3600 * 1000 });
  return client;
}
