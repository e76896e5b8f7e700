-- Shared by the scenario scripts of bench/run (bench/README.md). A scenario script sets
-- `scenario_body` (a fixed form body) or `scenario_body_for(value)` (a body around one pooled
-- value), then loads this file. wrk runs it once in its main Lua state (setup, done) and once per
-- thread (init, request, response).
--
-- Arguments after wrk's `--`: AUTHORIZATION_HEADER THREAD_COUNT [POOL_FILE]
--   A pool file holds one value (a code or a refresh token) per line; thread k of n takes lines
--   k, k+n, k+2n, ... so no value is sent twice. A thread whose share runs out stops (its
--   connections stop sending) and says when; done() reports it instead of counting errors.
--
-- Counting: wrk's own "Non-2xx or 3xx responses" counts only status > 399, so response() counts
-- every status >= 300 itself, and keeps the first such body for the report.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local now_ts = ffi.new("bench_timespec")

local function now_s()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
  return tonumber(now_ts.tv_sec) + tonumber(now_ts.tv_nsec) / 1e9
end

-- Main state ---------------------------------------------------------------------------------
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads) -- 1-based, set before that thread's init() runs
end

-- Thread state -------------------------------------------------------------------------------
responses = 0
bad = 0
first_bad = ""
pool_size = 0
exhausted = false
started_s = 0
active_s = 0

local pool = nil
local next_index = 1
local fixed_request = nil
local stop_request = nil

function init(args)
  local authorization = args[1]
  local thread_count = tonumber(args[2])
  local pool_file = args[3]
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Authorization"] = authorization
  stop_request = wrk.format("GET", "/healthz", {}, nil)
  if pool_file and pool_file ~= "" then
    pool = {}
    local line_number = 0
    for line in io.lines(pool_file) do
      if line ~= "" then
        if line_number % thread_count == thread_index - 1 then
          pool[#pool + 1] = line
        end
        line_number = line_number + 1
      end
    end
    pool_size = #pool
  else
    fixed_request = wrk.format(nil, nil, nil, scenario_body)
  end
  started_s = now_s()
end

function request()
  if fixed_request then
    return fixed_request
  end
  local value = pool[next_index]
  if value == nil then
    if not exhausted then
      exhausted = true
      active_s = now_s() - started_s
      wrk.thread:stop()
    end
    return stop_request -- never answered into the results: the thread's loop stops
  end
  next_index = next_index + 1
  return wrk.format(nil, nil, nil, scenario_body_for(value))
end

function response(status, headers, body)
  responses = responses + 1
  if status >= 300 then
    bad = bad + 1
    if first_bad == "" then
      first_bad = status .. " " .. string.sub(body or "", 1, 300)
    end
  end
end

-- Main state, at the end -------------------------------------------------------------------------
function done(summary, latency, requests)
  local bad_total, exhausted_threads, pooled, longest_active = 0, 0, 0, 0
  local first = ""
  for _, thread in ipairs(threads) do
    bad_total = bad_total + thread:get("bad")
    pooled = pooled + thread:get("pool_size")
    if thread:get("exhausted") then
      exhausted_threads = exhausted_threads + 1
      longest_active = math.max(longest_active, thread:get("active_s"))
    end
    if first == "" then
      first = thread:get("first_bad")
    end
  end
  local seconds = summary.duration / 1e6
  if exhausted_threads == #threads then
    seconds = longest_active -- every thread stopped early: the rate is over the time they sent
  end
  local e = summary.errors
  first = string.gsub(string.gsub(first, "%s", "+"), "|", "/")
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50_us=%.0f p99_us=%.0f max_us=%.0f non2xx=%d"
      .. " connect_errors=%d read_errors=%d write_errors=%d timeouts=%d pool=%d"
      .. " exhausted_threads=%d threads=%d exhausted_after_s=%.2f first_bad=%s\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50),
    latency:percentile(99), latency.max, bad_total, e.connect, e.read, e.write, e.timeout,
    pooled, exhausted_threads, #threads, longest_active, first))
end
