-- Introspection (RFC 7662) of one live access token, on every request. bench/run obtains the token
-- with a client_credentials request and passes it in the environment as BENCH_TOKEN.
scenario_body = "token=" .. (os.getenv("BENCH_TOKEN") or "missing-BENCH_TOKEN")
  .. "&token_type_hint=access_token"
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
