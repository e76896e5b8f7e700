// A single-page app as a browser runs one, for SinglePageAppBrowserIT: a public client (no
// secret) that makes its PKCE pair with WebCrypto, sends the person to the server's /oauth/, and
// on its /callback page calls the token and revocation endpoints with fetch() (CORS), writing
// every result into the page as text. "?mode=foreign" instead tries one token request from an
// origin the app did not register, and reports how fetch() failed.
'use strict';

function show(id, text) {
  const line = document.createElement('p');
  line.id = id;
  line.textContent = String(text);
  document.getElementById('results').append(line);
}

function base64url(buffer) {
  return btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function post(server, path, fields) {
  const response = await fetch(server + path, {method: 'POST', body: new URLSearchParams(fields)});
  const text = await response.text();
  return {status: response.status, body: text ? JSON.parse(text) : {}};
}

async function start(params) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const server = params.get('server');
  const clientId = params.get('client_id');
  sessionStorage.setItem('server', server);
  sessionStorage.setItem('client_id', clientId);
  sessionStorage.setItem('verifier', verifier);
  sessionStorage.setItem('state', state);
  location.assign(server + '/oauth/?' + new URLSearchParams({
    client_id: clientId,
    redirect_uri: location.origin + '/callback',
    response_type: 'code',
    scope: 'user_accounts:read',
    state: state,
    code_challenge: base64url(digest),
    code_challenge_method: 'S256',
  }));
}

async function callback(params) {
  const server = sessionStorage.getItem('server');
  const clientId = sessionStorage.getItem('client_id');
  if (!server || params.get('state') !== sessionStorage.getItem('state')) {
    throw new Error('state does not match');
  }
  const tokens = await post(server, '/v5/oauth/token', {
    grant_type: 'authorization_code',
    code: params.get('code'),
    redirect_uri: location.origin + '/callback',
    code_verifier: sessionStorage.getItem('verifier'),
    client_id: clientId,
  });
  show('token-status', tokens.status);
  show('access-token', tokens.body.access_token);
  show('refresh-token', tokens.body.refresh_token);
  const refreshed = await post(server, '/v5/oauth/token', {
    grant_type: 'refresh_token',
    refresh_token: tokens.body.refresh_token,
    client_id: clientId,
  });
  show('refresh-status', refreshed.status);
  show('new-access-token', refreshed.body.access_token);
  show('new-refresh-token', refreshed.body.refresh_token);
  const revoked = await post(server, '/v5/oauth/token/revoke', {
    token: refreshed.body.refresh_token,
    client_id: clientId,
  });
  show('revoke-status', revoked.status);
}

async function foreign(params) {
  const server = params.get('server');
  const metadata = await fetch(server + '/.well-known/oauth-authorization-server');
  show('metadata-status', metadata.status);
  try {
    const answer = await post(server, '/v5/oauth/token', {
      grant_type: 'refresh_token',
      refresh_token: 'pinr_not-a-real-one',
      client_id: params.get('client_id'),
    });
    show('foreign-token', 'readable: ' + answer.status);
  } catch (refused) {
    show('foreign-token', refused.name + ': ' + refused.message);
  }
}

async function main() {
  const params = new URLSearchParams(location.search);
  try {
    if (params.get('mode') === 'foreign') {
      await foreign(params);
    } else if (location.pathname === '/callback') {
      await callback(params);
    } else {
      await start(params);
      return;
    }
  } catch (failure) {
    show('error', failure.name + ': ' + failure.message);
  }
  show('done', 'done');
}

main();
