// A real OpenID Connect provider for the browser journey's single sign-on step:
// panva's oidc-provider (OpenID Certified™, from the npm registry), run as strictly as it
// goes. Keycloak and Dex do not install from the registries this project may use, so
// this is the most standards-conformant provider that runs here.
//
// Usage: node e2e/oidc-provider.mjs PORT CONCORD_BASE_URL CLIENT_SECRET
//
// - Authorisation code flow only, PKCE (S256) required, the client authenticating with
//   client_secret_basic, redirect and post-logout URIs matched exactly.
// - ID tokens signed RS256 with a key made at start; only `sub` (and the protocol
//   claims) in the ID token — profile, email and groups come from the userinfo endpoint,
//   as the standard has it (conformIdTokenClaims), so Concord must ask for them.
// - A staff directory of its own, with passwords, checked on a sign-in page; consent is
//   granted for Concord as a first-party application.
// - RP-initiated logout (the end-session endpoint), which asks the person to confirm,
//   and back-channel logout: signing out at the provider tells Concord, server to
//   server, with a signed logout token naming the session.
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const [port, concordBase, clientSecret] = process.argv.slice(2);
if (!port || !concordBase || !clientSecret) {
  console.error('usage: node oidc-provider.mjs PORT CONCORD_BASE_URL CLIENT_SECRET');
  process.exit(2);
}
const ISSUER = `http://127.0.0.1:${port}`;
const BASE = concordBase.replace(/\/+$/, '');

// The provider's directory: an Essex Police officer in the public protection unit, and
// a member of staff in no group that Concord maps to a role.
const PASSWORD = 'Provider-journey-2026';
const DIRECTORY = {
  'priya.shah': {
    sub: 'f3b1c0de-ppu-0001',
    name: 'Priya Shah',
    email: 'priya.shah@essex.police.example',
    groups: ['MAPPA-PPU'],
  },
  'sam.canteen': {
    sub: 'f3b1c0de-fac-0002',
    name: 'Sam Carter',
    email: 'sam.carter@essex.police.example',
    groups: ['Facilities'],
  },
};
const bySub = Object.fromEntries(Object.entries(DIRECTORY).map(([u, p]) => [p.sub, { ...p, preferred_username: u }]));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'journey-1', use: 'sig', alg: 'RS256' };

const provider = new Provider(ISSUER, {
  clients: [{
    client_id: 'concord',
    client_secret: clientSecret,
    client_name: 'Concord',
    redirect_uris: [`${BASE}/sign-in/sso/essex-police/callback`],
    post_logout_redirect_uris: [`${BASE}/sign-in?signed_out=1`],
    backchannel_logout_uri: `${BASE}/sign-in/sso/essex-police/back-channel-logout`,
    backchannel_logout_session_required: true,
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
  }],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'email', 'groups'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email'],
    groups: ['groups'],
  },
  conformIdTokenClaims: true,
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
    backchannelLogout: { enabled: true },
  },
  async findAccount(ctx, sub) {
    const person = bySub[sub];
    if (!person) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, name: person.name, preferred_username: person.preferred_username, email: person.email, groups: person.groups };
      },
    };
  },
  // Concord is the force's own application: no consent screen (the recipe in the
  // provider's documentation for first-party clients).
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email groups');
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // The provider refuses outgoing requests to special-use addresses (SSRF protection);
  // here Concord's back-channel logout address is on loopback by design, so its requests
  // go out through the plain fetch.
  fetch: (url, options) => {
    delete options.dispatcher;
    return globalThis.fetch(url, options);
  },
});

const clientOf = (args) => args.find((a) => a && typeof a.clientId === 'string')?.clientId;
provider.on('backchannel.success', (...args) => console.log(`back-channel logout sent to ${clientOf(args)}`));
provider.on('backchannel.error', (...args) => console.log(`back-channel logout to ${clientOf(args)} failed: ${args.find((a) => a instanceof Error)?.message}`));
provider.on('server_error', (ctx, error) => console.log(`server error: ${error.message}`));

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (uid, error) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Essex Police sign-in</title></head>
<body><main><h1>Essex Police sign-in</h1>
${error ? `<p id="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label for="username">Username</label> <input id="username" name="username" autocomplete="username">
<label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Sign in</button></form></main></body></html>`;

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

const callback = provider.callback();
http.createServer(async (req, res) => {
  const url = new URL(req.url, ISSUER);
  const m = url.pathname.match(/^\/interaction\/([A-Za-z0-9_-]+)$/);
  if (!m) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== m[1] || details.prompt.name !== 'login') {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('unexpected interaction');
      return;
    }
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(details.uid));
      return;
    }
    const form = await readForm(req);
    const person = DIRECTORY[form.get('username') ?? ''];
    if (!person || form.get('password') !== PASSWORD) {
      res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' }).end(page(details.uid, 'Wrong username or password'));
      return;
    }
    await provider.interactionFinished(req, res, { login: { accountId: person.sub } }, { mergeWithLastSubmission: false });
  } catch (e) {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(`interaction failed: ${e.message}`);
  }
}).listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc-provider listening at ${ISSUER}`);
});
