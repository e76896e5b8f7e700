#!/usr/bin/env bash
# Makes this folder's pinoauth.mv.db and tokens.properties with the standalone jar of a build of
# commit d3f142f (the last embedded-H2-only pinoauth): run from the repository root of that
# checkout, after `mvn -B -ntp -o -q package -DskipTests`, as
#   src/test/resources/upgrade/h2-0.1.0/make.sh PORT
# It starts the jar on 127.0.0.1:PORT over a fresh data.dir, makes the rows the upgrade test
# checks (an app token, each valid for 100 years, a code flow's access and refresh tokens, a revoked token, a consent, a
# public app's tokens), stops the jar by its PID and copies the store file here.
set -euo pipefail
PORT=${1:?usage: make.sh PORT}
HERE=$(cd "$(dirname "$0")" && pwd)
JAR=target/pinoauth-standalone.jar
WORK=$(mktemp -d)
BASE=http://127.0.0.1:$PORT
CONFIDENTIAL=upgrade-confidential
CONFIDENTIAL_SECRET=$(openssl rand -hex 32)
PUBLIC=upgrade-public
REDIRECT=http://localhost:8085/
PUBLIC_REDIRECT=http://127.0.0.1/callback

cat > "$WORK/apps.json" <<JSON
[
  {"client_id": "$CONFIDENTIAL", "client_secret": "$CONFIDENTIAL_SECRET",
   "name": "upgrade confidential app", "redirect_uris": ["$REDIRECT"],
   "scopes": ["boards:read", "pins:read", "user_accounts:read"],
   "grant_types": ["authorization_code", "refresh_token", "client_credentials"],
   "refresh_mode": "continuous", "owner": "pinner"},
  {"client_id": "$PUBLIC", "token_endpoint_auth_method": "none",
   "name": "upgrade public app", "redirect_uris": ["$PUBLIC_REDIRECT"],
   "scopes": ["boards:read", "pins:read"],
   "grant_types": ["authorization_code", "refresh_token"], "refresh_mode": "continuous"}
]
JSON
{
  echo "admin: $(printf '%s\n' admin | java -jar $JAR hash-password --iterations 10000), pinoauth-admin"
  echo "pinner: $(printf '%s\n' pinner | java -jar $JAR hash-password --iterations 10000), pinoauth-user"
} > "$WORK/users.properties"

# Tokens that outlive the test suite: the upgrade test must pass in years too.
PINOAUTH_ACCESS_TOKEN_TTL=3155760000 PINOAUTH_REFRESH_TOKEN_TTL=3155760000 \
  PINOAUTH_DATA_DIR="$WORK/data" java -jar $JAR --port "$PORT" \
  --users "$WORK/users.properties" --bootstrap "$WORK/apps.json" 2> "$WORK/log" &
PID=$!
trap 'kill $PID 2> /dev/null || true' EXIT
until curl -sf "$BASE/healthz" > /dev/null; do sleep 1; done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
# The hidden inputs of a page's first form as curl arguments, each --data-urlencode name=value, one a line.
hidden_inputs() {
  python3 -c '
import html, re, sys
for name, value in re.findall(r"<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">", sys.stdin.read().split("</form>")[0]):
    print("--data-urlencode"); print(html.unescape(name) + "=" + html.unescape(value))'
}

# One code flow as pinner in a fresh cookie jar: sign in, allow; prints the code.
code_flow() { # client_id redirect_uri extra-query
  local jar="$WORK/cookies-$1" page location
  local -a form
  local authorize="$BASE/oauth/?response_type=code&client_id=$1&redirect_uri=$2&scope=boards:read,pins:read&state=s$3"
  page=$(curl -sf -c "$jar" -b "$jar" "$authorize")
  mapfile -t form < <(hidden_inputs <<< "$page")
  location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "${form[@]}" \
    -d username=pinner -d password=pinner "$BASE/oauth/")
  page=$(curl -sf -c "$jar" -b "$jar" "$location")
  mapfile -t form < <(hidden_inputs <<< "$page")
  location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "${form[@]}" \
    -d action=allow "$BASE/oauth/")
  sed 's/.*code=\([^&]*\).*/\1/' <<< "$location"
}

APP_TOKEN=$(curl -sf -u "$CONFIDENTIAL:$CONFIDENTIAL_SECRET" -d grant_type=client_credentials \
  -d scope=boards:read "$BASE/v5/oauth/token" | json access_token)

CODE=$(code_flow $CONFIDENTIAL "$REDIRECT" "")
TOKENS=$(curl -sf -u "$CONFIDENTIAL:$CONFIDENTIAL_SECRET" -d grant_type=authorization_code \
  -d code="$CODE" --data-urlencode redirect_uri="$REDIRECT" "$BASE/v5/oauth/token")
ACCESS=$(json access_token <<< "$TOKENS")
REFRESH=$(json refresh_token <<< "$TOKENS")

REVOKED=$(curl -sf -u "$CONFIDENTIAL:$CONFIDENTIAL_SECRET" -d grant_type=client_credentials \
  -d scope=pins:read "$BASE/v5/oauth/token" | json access_token)
curl -sf -u "$CONFIDENTIAL:$CONFIDENTIAL_SECRET" -d token="$REVOKED" "$BASE/v5/oauth/token/revoke"

VERIFIER=$(openssl rand -hex 32)
CHALLENGE=$(printf '%s' "$VERIFIER" | openssl dgst -sha256 -binary | basenc --base64url | tr -d '=')
PUBLIC_CODE=$(code_flow $PUBLIC "$PUBLIC_REDIRECT" "&code_challenge=$CHALLENGE&code_challenge_method=S256")
PUBLIC_TOKENS=$(curl -sf -d grant_type=authorization_code -d client_id=$PUBLIC -d code="$PUBLIC_CODE" \
  --data-urlencode redirect_uri="$PUBLIC_REDIRECT" -d code_verifier="$VERIFIER" "$BASE/v5/oauth/token")

kill $PID
wait $PID
cat > "$HERE/tokens.properties" <<PROPS
# Made by make.sh at commit d3f142f: what the upgrade test checks in pinoauth.mv.db.
confidential.client_id=$CONFIDENTIAL
confidential.client_secret=$CONFIDENTIAL_SECRET
confidential.redirect_uri=$REDIRECT
public.client_id=$PUBLIC
app.access_token=$APP_TOKEN
access_token=$ACCESS
refresh_token=$REFRESH
revoked.access_token=$REVOKED
public.access_token=$(json access_token <<< "$PUBLIC_TOKENS")
public.refresh_token=$(json refresh_token <<< "$PUBLIC_TOKENS")
PROPS
cp "$WORK/data/pinoauth.mv.db" "$HERE/pinoauth.mv.db"
ls -l "$WORK/data"
rm -rf "$WORK"
