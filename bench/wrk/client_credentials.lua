-- client_credentials: one app token per request (bench/README.md). Also the ceiling's request.
scenario_body = "grant_type=client_credentials&scope=boards%3Aread%2Cpins%3Aread"
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")
