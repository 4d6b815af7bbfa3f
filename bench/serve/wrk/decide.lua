-- The wrk script of the icpc serve benchmark (bench/serve/run): requests rotated over
-- pre-built bodies, optionally at a constant rate, optionally checking every response;
-- done() prints one line "BENCH-SERVE {json}" with the counts and latency percentiles.
--   wrk ... -s decide.lua URL -- BODIES PATH CONTENT_TYPE [rate=R] [check] [expect-bytes=B]
-- BODIES: one request body per line (an account) or, with CONTENT_TYPE application/x-ndjson,
-- the whole file as one body (a batch). PATH: the request path and query. rate=R: R requests
-- per second for each wrk thread, scheduled on a clock (wrk's delay() hook; wrk's timers have
-- 1 ms resolution, so requests leave in 1 ms bursts). check: every response's status, its
-- ICP-Program header and the "program" of its body are recorded (costs wrk CPU, so the
-- throughput runs leave it off). expect-bytes=B: with check, a body must be B bytes long.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock, bench_timespec *now);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

local requests = {}
local next_request = 1
local interval_ms = nil
local next_send_ms = nil
local expect_bytes = nil

-- Per-thread tallies, read by done() through thread:get.
programs = {}     -- ICP-Program header value -> responses
statuses = {}     -- HTTP status -> responses (every status, 2xx included)
mismatched = 0    -- responses whose body's "program" differs from the header
wrong_length = 0  -- with expect-bytes: bodies of another length

local function read_file(path)
  local file = assert(io.open(path, "rb"))
  local text = file:read("*a")
  file:close()
  return text
end

local function tally(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local program = headers["ICP-Program"] or headers["icp-program"] or headers["Icp-Program"] or "(none)"
  programs[program] = (programs[program] or 0) + 1
  if body ~= nil and #body > 0 then
    local in_body = string.match(body, '"program":"([^"]*)"')
    if in_body ~= program then mismatched = mismatched + 1 end
  end
  if expect_bytes ~= nil and (body == nil or #body ~= expect_bytes) then wrong_length = wrong_length + 1 end
end

function init(args)
  local bodies, path, content_type = args[1], args[2], args[3]
  local headers = {["Content-Type"] = content_type}
  local text = read_file(bodies)
  if content_type == "application/x-ndjson" then
    requests[1] = wrk.format("POST", path, headers, text)
  else
    for line in string.gmatch(text, "[^\n]+") do
      requests[#requests + 1] = wrk.format("POST", path, headers, line)
    end
  end
  assert(#requests > 0, "no request bodies in " .. bodies)
  -- Threads start at different places in the rotation.
  next_request = (thread_index * 7919) % #requests + 1
  for i = 4, #args do
    local key, value = string.match(args[i], "^([%w-]+)=?(.*)$")
    if key == "rate" then
      interval_ms = 1000 / tonumber(value)
    elseif key == "check" then
      response = tally
    elseif key == "expect-bytes" then
      expect_bytes = tonumber(value)
    else
      error("decide.lua: unknown argument " .. args[i])
    end
  end
  if interval_ms ~= nil then
    -- Each request has a slot on the thread's schedule; delay() waits until it comes.
    delay = function()
      local now = now_ms()
      next_send_ms = (next_send_ms or now) + interval_ms
      local wait = next_send_ms - now
      return wait > 0 and math.floor(wait) or 0
    end
  end
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end

local function merge(into, from)
  for key, count in pairs(from or {}) do into[tostring(key)] = (into[tostring(key)] or 0) + count end
end

local function json_of(value)
  if type(value) == "table" then
    local parts = {}
    for key, item in pairs(value) do parts[#parts + 1] = string.format("%q:%s", tostring(key), json_of(item)) end
    table.sort(parts)
    return "{" .. table.concat(parts, ",") .. "}"
  elseif type(value) == "string" then
    return string.format("%q", value)
  end
  return tostring(value)
end

function done(summary, latency, _)
  local all_programs, all_statuses, all_mismatched, all_wrong_length = {}, {}, 0, 0
  for _, thread in ipairs(threads) do
    merge(all_programs, thread:get("programs"))
    merge(all_statuses, thread:get("statuses"))
    all_mismatched = all_mismatched + (thread:get("mismatched") or 0)
    all_wrong_length = all_wrong_length + (thread:get("wrong_length") or 0)
  end
  local result = {
    requests = summary.requests, duration_us = summary.duration, bytes = summary.bytes,
    errors = {connect = summary.errors.connect, read = summary.errors.read, write = summary.errors.write,
              status = summary.errors.status, timeout = summary.errors.timeout},
    latency_us = {p50 = latency:percentile(50), p90 = latency:percentile(90), p99 = latency:percentile(99),
                  p999 = latency:percentile(99.9), max = latency.max, mean = latency.mean},
    programs = all_programs, statuses = all_statuses, body_program_mismatches = all_mismatched,
    wrong_length = all_wrong_length
  }
  io.write("BENCH-SERVE " .. json_of(result) .. "\n")
end
