-- Sustained writes (bench/run --sustained): every connection keeps rotating a refresh-token chain
-- at full speed, as a continuous client does: each answer's refresh_token is the next request's.
-- A share of the requests (CODE_PERCENT) redeem a distinct pre-issued authorization code instead,
-- as new users signing in.
--
-- Arguments after wrk's `--`: AUTHORIZATION THREAD_COUNT CHAIN_FILE [CODE_FILE CODE_PERCENT]
--   CHAIN_FILE holds one live refresh token per connection; thread k of n takes lines k, k+n, ...
--   (wrk gives each thread connections/threads connections), CODE_FILE likewise for codes.
--
-- A thread holds the live tokens of its chains in a queue: a connection takes one when it sends
-- and puts back the successor from the answer (wrk calls response() before that connection's next
-- request()), so a chain has at most one request in flight and never presents a token twice. wrk
-- does not say which request an answer belongs to, so a code exchange's new token joins the queue
-- too, and the queue drops its oldest token (an abandoned family, as a client that went away) when
-- it holds more than the thread's chains: the thread keeps its number of chains. A chain whose
-- answer is not 200 with a refresh token is lost (non2xx says how many); a thread with no live
-- token left redeems codes, or else sends GET /healthz (counted as idle, not as a write).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_index", #threads)
end

writes = 0
codes = 0
idle = 0
bad = 0
chains = 0
dropped = 0
first_bad = ""

local queue = {} -- live refresh tokens, FIFO
local head, tail = 1, 0
local code_pool = {}
local next_code = 1
local code_percent = 0
local sent = 0
local idle_request = nil

local function read_share(file, thread_count)
  local values, n = {}, 0
  if file == nil or file == "" then
    return values
  end
  for line in io.lines(file) do
    if line ~= "" then
      if n % thread_count == thread_index - 1 then
        values[#values + 1] = line
      end
      n = n + 1
    end
  end
  return values
end

function init(args)
  local thread_count = tonumber(args[2])
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Authorization"] = args[1]
  for _, token in ipairs(read_share(args[3], thread_count)) do
    tail = tail + 1
    queue[tail] = token
  end
  chains = tail
  code_pool = read_share(args[4], thread_count)
  code_percent = tonumber(args[5] or "0") or 0
  idle_request = wrk.format("GET", "/healthz", {}, nil)
end

function request()
  sent = sent + 1
  local want_code = code_percent > 0 and codes * 100 < sent * code_percent
  if (want_code or head > tail) and next_code <= #code_pool then
    local code = code_pool[next_code]
    next_code = next_code + 1
    codes = codes + 1
    return wrk.format(nil, nil, nil, "grant_type=authorization_code&code=" .. code
      .. "&redirect_uri=http%3A%2F%2Flocalhost%3A8085%2F")
  end
  if head > tail then
    idle = idle + 1
    return idle_request
  end
  local token = queue[head]
  queue[head] = nil
  head = head + 1
  return wrk.format(nil, nil, nil, "grant_type=refresh_token&refresh_token=" .. token)
end

function response(status, headers, body)
  if status >= 300 then
    bad = bad + 1
    if first_bad == "" then
      first_bad = status .. " " .. string.sub(body or "", 1, 300)
    end
    return
  end
  local token = body and string.match(body, '"refresh_token":"([^"]+)"')
  if token == nil then
    return -- /healthz
  end
  writes = writes + 1
  tail = tail + 1
  queue[tail] = token
  if tail - head + 1 > chains then
    queue[head] = nil
    head = head + 1
    dropped = dropped + 1
  end
end

function done(summary, latency, requests)
  local totals = { writes = 0, codes = 0, idle = 0, bad = 0, chains = 0, dropped = 0 }
  local first = ""
  for _, thread in ipairs(threads) do
    for k, _ in pairs(totals) do
      totals[k] = totals[k] + thread:get(k)
    end
    if first == "" then
      first = thread:get("first_bad")
    end
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  first = string.gsub(string.gsub(first, "%s", "+"), "|", "/")
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f rps=%.1f p50_us=%.0f p99_us=%.0f max_us=%.0f non2xx=%d"
      .. " connect_errors=%d read_errors=%d write_errors=%d timeouts=%d writes=%d codes_sent=%d"
      .. " idle_sent=%d chains=%d families_left=%d writes_per_s=%.1f first_bad=%s\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50),
    latency:percentile(99), latency.max, totals.bad, e.connect, e.read, e.write, e.timeout,
    totals.writes, totals.codes, totals.idle, totals.chains, totals.dropped,
    totals.writes / seconds, first))
end
