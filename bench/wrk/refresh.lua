-- refresh_token with rotation: each request presents a distinct live refresh token from the pool
-- file (made by exchanging pre-issued codes over HTTP), and the app is continuous, so every
-- request retires the token it presents and stores a new access and refresh token.
function scenario_body_for(refresh_token)
  return "grant_type=refresh_token&refresh_token=" .. refresh_token
end
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
