-- authorization_code exchange: each request redeems a distinct pre-issued code from the pool file
-- (issued through CodeStore.issue by bench's StoreTool), with the redirect URI it was issued for.
function scenario_body_for(code)
  return "grant_type=authorization_code&code=" .. code
    .. "&redirect_uri=http%3A%2F%2Flocalhost%3A8085%2F"
end
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
