-- wrk script for scripts/bench/http.sh: an optional API key, optional pacing to a fixed total
-- request rate, and a machine-readable summary line. Settings come from the environment because
-- wrk runs this file once per thread (each in its own Lua state) and once more for the summary.
--
--   BENCH_API_KEY=msk_…   sent as X-API-Key on every request
--   BENCH_RATE=1000       total requests per second over all connections (unset or 0: unpaced)
--   BENCH_THREADS=2       wrk's -t, so that each thread paces its share of the rate
--
-- Pacing. Plain wrk sends the next request on a connection as soon as the last response arrives
-- (a closed loop: the rate is whatever the server sustains). wrk calls delay() before every
-- request, including each connection's first, and waits that many milliseconds before sending.
-- A fixed delay per connection would make the rate depend on the latency (64 / (delay +
-- latency)), so instead each thread keeps a timetable of send slots 1/(rate/threads) apart on
-- the monotonic clock, and every delay() takes the next free slot. The total rate is then the
-- timetable's as long as a connection is free when its slot comes; if the server stalls, the
-- missed slots are sent at once when connections come free (no pause in the load, as with a
-- real client population), and the achieved rate printed below shows whether it kept up.
-- wrk measures each latency from the moment the request is written, so the delay is not in it.
-- delay() works in whole milliseconds; rounding to the nearest one moves single sends by up to
-- 0.5 ms but not the timetable, so the average rate is exact.

local ffi = require("ffi")   -- Debian's wrk is built with LuaJIT; plain Lua has no ms clock
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clock_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local key = os.getenv("BENCH_API_KEY")
if key and key ~= "" then
  -- Set once here: wrk formats the request after loading the script and reuses its bytes.
  wrk.headers["X-API-Key"] = key
end

local rate = tonumber(os.getenv("BENCH_RATE") or "0") or 0
local threads = tonumber(os.getenv("BENCH_THREADS") or "1") or 1

if rate > 0 then
  local interval = 1000 * threads / rate   -- ms between this thread's send slots
  local next_slot = nil

  -- Only defined when pacing: wrk checks whether the script has a delay() at all.
  function delay()
    local now = now_ms()
    if next_slot == nil then next_slot = now end
    local wait = next_slot - now
    next_slot = next_slot + interval
    if wait <= 0 then return 0 end
    return math.floor(wait + 0.5)
  end
end

-- One line for http.sh to parse; wrk's own report (above it) stays in the log for people.
-- Latencies are in microseconds inside wrk; printed in milliseconds.
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "bench-http: requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d non_2xx_3xx=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status))
end
