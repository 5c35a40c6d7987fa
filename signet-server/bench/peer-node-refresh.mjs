// node-oidc-provider (panva/oidc-provider 9.x) as the refresh-grant peer of refresh-load.sh: one
// client with the authorization_code and refresh_token grants, refresh tokens rotated on every use
// (rotateRefreshToken: true, so a reused one revokes its grant), ES256 keys generated at start,
// JWT access tokens for one resource (RFC 9068 through resource indicators) and an ES256 ID token
// on every refresh (scope openid). Storage is the provider's own in-memory adapter (its
// development adapter: a two-generation LRU of about 1,000 entries per generation, so the run keeps
// the number of refresh-token families well below that).
//
// Env: PORT (18610), CLIENT_ID (refresh-client), CLIENT_SECRET (unset: a public client that sends
//      client_id; set: a confidential client_secret_basic one), SCOPE ("openid offline_access
//      orders.read"), RESOURCE (https://orders-api.example)
//
// Two routes of its own, for the bench only (the server listens on 127.0.0.1 alone):
//   POST /bench/mint?n=N   N new families as a signed-in user would have them (a Grant holding the
//                          scope, and its first RefreshToken, saved through the provider's models):
//                          the N refresh-token values, one a line
//   GET  /bench/stats      JSON counts since start: refresh tokens saved (minted and rotated in),
//                          consumed (rotations), grants revoked (reuse detected), refresh-grant
//                          successes and errors (by message)
//   GET  /healthz          {"status":"ok"}: what refresh.lua sends while it waits for its last answers
import Provider from 'oidc-provider';
import { generateKeyPairSync } from 'node:crypto';

const PORT = Number(process.env.PORT || 18610);
const CLIENT_ID = process.env.CLIENT_ID || 'refresh-client';
const CLIENT_SECRET = process.env.CLIENT_SECRET || '';
const SCOPE = process.env.SCOPE || 'openid offline_access orders.read';
const RESOURCE = process.env.RESOURCE || 'https://orders-api.example';
const API_SCOPES = SCOPE.split(' ').filter((s) => !['openid', 'offline_access', 'profile', 'email'].includes(s));

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'ES256' };

const client = {
  client_id: CLIENT_ID,
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  redirect_uris: ['http://127.0.0.1:5173/callback'],
  scope: SCOPE,
  id_token_signed_response_alg: 'ES256',
  ...(CLIENT_SECRET
    ? { client_secret: CLIENT_SECRET, token_endpoint_auth_method: 'client_secret_basic' }
    : { token_endpoint_auth_method: 'none' }),
};

const provider = new Provider(`http://127.0.0.1:${PORT}`, {
  clients: [client],
  jwks: { keys: [jwk] },
  scopes: SCOPE.split(' '),
  rotateRefreshToken: true,
  ttl: {
    AccessToken: 600,
    IdToken: 600,
    RefreshToken: 14 * 24 * 3600,
    Grant: 14 * 24 * 3600,
  },
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator) => {
        if (resourceIndicator !== RESOURCE) throw new Error('unknown resource');
        return {
          scope: API_SCOPES.join(' '),
          audience: RESOURCE,
          accessTokenTTL: 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        };
      },
    },
  },
  cookies: { keys: ['bench-cookie-key-not-secret-0123456789'] },
});
provider.proxy = false;

const stats = { minted: 0, saved: 0, consumed: 0, revoked: 0, success: 0, errors: {} };
provider.on('refresh_token.saved', () => { stats.saved += 1; });
provider.on('refresh_token.consumed', () => { stats.consumed += 1; });
provider.on('grant.revoked', () => { stats.revoked += 1; });
provider.on('grant.success', (ctx) => {
  if (ctx.oidc.params.grant_type === 'refresh_token') stats.success += 1;
});
provider.on('grant.error', (ctx, err) => {
  const key = `${err?.message} ${err?.error_description ?? ''}`.trim();
  stats.errors[key] = (stats.errors[key] || 0) + 1;
});
provider.on('server_error', (ctx, err) => {
  const key = `server_error ${err?.message}`;
  stats.errors[key] = (stats.errors[key] || 0) + 1;
});

async function mint(n) {
  const c = await provider.Client.find(CLIENT_ID);
  const authTime = Math.floor(Date.now() / 1000);
  const out = [];
  for (let i = 0; i < n; i += 1) {
    const accountId = `bench-user-${stats.minted + i}`;
    const grant = new provider.Grant({ accountId, clientId: CLIENT_ID });
    grant.addOIDCScope(SCOPE.split(' ').filter((s) => !API_SCOPES.includes(s)).join(' '));
    grant.addResourceScope(RESOURCE, API_SCOPES.join(' '));
    const grantId = await grant.save();
    const rt = new provider.RefreshToken({
      accountId,
      client: c,
      grantId,
      scope: SCOPE,
      resource: RESOURCE,
      authTime,
      acr: 'urn:bench:pwd',
      amr: ['pwd'],
      gty: 'authorization_code',
      iiat: authTime,
    });
    out.push(await rt.save());
  }
  stats.minted += n;
  return out;
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/bench/mint' && ctx.method === 'POST') {
    const n = Number(ctx.query.n || 1);
    if (!Number.isInteger(n) || n < 1 || n > 300) {
      ctx.status = 400;
      ctx.body = 'n must be 1..300 (the in-memory adapter keeps about 1,000 entries per generation)\n';
      return;
    }
    ctx.type = 'text/plain';
    ctx.body = `${(await mint(n)).join('\n')}\n`;
    return;
  }
  if (ctx.path === '/healthz' && ctx.method === 'GET') {
    ctx.body = { status: 'ok' };
    return;
  }
  if (ctx.path === '/bench/stats' && ctx.method === 'GET') {
    ctx.body = stats;
    return;
  }
  await next();
});

const server = provider.listen(PORT, '127.0.0.1', () => {
  console.log(`oidc-provider refresh peer on http://127.0.0.1:${PORT} (pid ${process.pid}, `
    + `${CLIENT_SECRET ? 'confidential' : 'public'} client ${CLIENT_ID})`);
});
function shutdown() {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
