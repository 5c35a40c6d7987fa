-- wrk script: refresh-token grants with rotation (grant_type=refresh_token at wrk's URL).
--
-- Every thread holds a queue of refresh tokens, its share of TOKENS_FILE (one token a line, line i
-- to thread i mod WRK_THREADS). Each request takes one token from the queue; each 200 answer's new
-- refresh_token goes back into it, so a token is sent once only and every family has at most one
-- request in flight. The queue must start with more tokens than the thread has connections.
--
-- Environment:
--   TOKENS_FILE     the refresh tokens
--   WRK_THREADS     wrk's -t (to split the tokens)
--   CLIENT_ID       sent as client_id (a public client) when CLIENT_SECRET is empty
--   CLIENT_SECRET   when set: client_secret_basic with CLIENT_ID (a confidential client)
--   RUN_S           after this many seconds a thread stops taking tokens and waits for the answers
--                   of its requests in flight, then stops (wrk's -d must be longer): so every
--                   rotation the server made was answered and counted; refreshes/s is over the time
--                   from the first request to the last answer
--   DRAIN_PATH      path of a cheap GET answered {"status":"ok"} (default /healthz): what a
--                   connection sends while its thread drains or when its queue is empty (counted as
--                   drain and starved requests, never as refreshes)
--   LEFTOVER_FILE   optional: the tokens left in the queues at the end, one a line
--
-- At the end one line "RESULT ..." with refreshes/s (200 answers ÷ duration), wrk's latency
-- percentiles, 200 answers, non-200 answers, invalid_grant among them, 200 answers without a
-- refresh_token, socket errors, drain and starved requests.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } refresh_lua_timespec;
  int clock_gettime(int clk, refresh_lua_timespec *tp);
]]
-- CLOCK_MONOTONIC, the same for every thread: wrk's own duration is always its -d.
local function now()
  local t = ffi.new("refresh_lua_timespec")
  ffi.C.clock_gettime(1, t)
  return tonumber(t.tv_sec) + tonumber(t.tv_nsec) * 1e-9
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local function b64(data)
  local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  return ((data:gsub(".", function(x)
    local r, b = "", x:byte()
    for i = 8, 1, -1 do r = r .. (b % 2 ^ i - b % 2 ^ (i - 1) > 0 and "1" or "0") end
    return r
  end) .. "0000"):gsub("%d%d%d?%d?%d?%d?", function(x)
    if #x < 6 then return "" end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == "1" and 2 ^ (6 - i) or 0) end
    return chars:sub(c + 1, c + 1)
  end) .. ({ "", "==", "=" })[#data % 3 + 1])
end

local threads = {}
local next_id = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
  local file = assert(io.open(assert(os.getenv("TOKENS_FILE"), "TOKENS_FILE not set"), "r"))
  queue, head, tail = {}, 1, 0
  local i = 0
  for line in file:lines() do
    if line ~= "" then
      if i % nthreads == tid then
        tail = tail + 1
        queue[tail] = line
      end
      i = i + 1
    end
  end
  file:close()
  loaded = tail
  local id = os.getenv("CLIENT_ID") or ""
  local secret = os.getenv("CLIENT_SECRET") or ""
  headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept"] = "application/json" }
  prefix = "grant_type=refresh_token&refresh_token="
  suffix = ""
  if secret ~= "" then
    headers["Authorization"] = "Basic " .. b64(urlencode(id) .. ":" .. urlencode(secret))
  else
    suffix = "&client_id=" .. urlencode(id)
  end
  drain_req = wrk.format("GET", os.getenv("DRAIN_PATH") or "/healthz")
  run_s = tonumber(os.getenv("RUN_S") or "10")
  started, stopped = 0, 0
  draining = false
  inflight, ok, non200, invalid_grant, no_token, drained, starved, first_bad = 0, 0, 0, 0, 0, 0, 0, ""
end

function request()
  if tid == 0 and not verified then
    -- wrk calls request() once on its first thread before the run, to count pipelined requests:
    -- that request is never sent, so it must not take a token.
    verified = true
    return drain_req
  end
  if started == 0 then started = now() end
  if not draining and now() >= started + run_s then draining = true end
  if draining or head > tail then
    if not draining then starved = starved + 1 end
    drained = drained + 1
    return drain_req
  end
  local t = queue[head]
  queue[head] = nil
  head = head + 1
  inflight = inflight + 1
  return wrk.format("POST", wrk.path, headers, prefix .. urlencode(t) .. suffix)
end

function response(status, hdrs, body)
  if body:find('"status"', 1, true) and not body:find('"access_token"', 1, true)
      and not body:find('"error"', 1, true) then
    -- the answer to a drain request (a token endpoint answers with access_token or error)
  else
    inflight = inflight - 1
    if status == 200 then
      local t = body:match('"refresh_token"%s*:%s*"([^"]+)"')
      if t then
        ok = ok + 1
        tail = tail + 1
        queue[tail] = t
      else
        no_token = no_token + 1
      end
    else
      non200 = non200 + 1
      if body:find("invalid_grant", 1, true) then invalid_grant = invalid_grant + 1 end
      if first_bad == "" then first_bad = status .. " " .. body:sub(1, 160):gsub("[\r\n\"]", " ") end
    end
  end
  if draining and inflight <= 0 and stopped == 0 then
    stopped = now()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local sum = { ok = 0, non200 = 0, invalid_grant = 0, no_token = 0, drained = 0, starved = 0, loaded = 0,
                inflight = 0 }
  local first, left = "", {}
  local t0, t1 = math.huge, 0
  for _, t in ipairs(threads) do
    local a, b = t:get("started") or 0, t:get("stopped") or 0
    if a > 0 and a < t0 then t0 = a end
    if b == 0 then b = now() end
    if b > t1 then t1 = b end
    for k, _ in pairs(sum) do sum[k] = sum[k] + (t:get(k) or 0) end
    local fb = t:get("first_bad") or ""
    if first == "" then first = fb end
    local q, h, tl = t:get("queue"), t:get("head"), t:get("tail")
    for j = h, tl do table.insert(left, q[j]) end
  end
  local out = os.getenv("LEFTOVER_FILE")
  if out and out ~= "" then
    local f = assert(io.open(out, "w"))
    for _, t in ipairs(left) do f:write(t, "\n") end
    f:close()
  end
  -- from the first request to the last answer (wrk's summary.duration is always its -d)
  local secs = t1 - t0
  local e = summary.errors
  local sockerr = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "RESULT refreshes_per_s=%.0f p50_ms=%.2f p99_ms=%.2f ok200=%d non200=%d invalid_grant=%d " ..
    "ok_without_refresh_token=%d socket_errors=%d errors=%d duration_s=%.2f tokens_loaded=%d " ..
    "tokens_left=%d unanswered=%d drain_requests=%d starved=%d requests=%d\n",
    sum.ok / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    sum.ok, sum.non200, sum.invalid_grant, sum.no_token, sockerr, sum.non200 + sum.no_token + sockerr,
    secs, sum.loaded, #left, sum.inflight, sum.drained, sum.starved, summary.requests))
  if first ~= "" then io.write("RESULT first_error=\"" .. first .. "\"\n") end
end
