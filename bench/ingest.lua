-- wrk script for bench/ingest.py: every request is a distinct, pre-signed LINE webhook body.
--
-- BENCH_BODIES names a file prefix; thread i (0-based) reads "<prefix>.<i>", one request per line:
-- "<x-line-signature>\t<json body>". Requests are formatted once in init(), so the load generator
-- does no hashing or JSON while measuring. If a thread runs out of bodies it starts over (the
-- server then sees duplicates) and reports it: bench/ingest.py treats that run as invalid.

local prefix = os.getenv("BENCH_BODIES")
local path = os.getenv("BENCH_PATH") or "/line/webhook"
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  requests = {}
  local file = assert(io.open(prefix .. "." .. id, "r"))
  for line in file:lines() do
    local tab = line:find("\t", 1, true)
    local headers = {
      ["Content-Type"] = "application/json",
      ["X-Line-Signature"] = line:sub(1, tab - 1),
    }
    requests[#requests + 1] = wrk.format("POST", path, headers, line:sub(tab + 1))
  end
  file:close()
  assert(#requests > 0, "no request bodies in " .. prefix .. "." .. id)
  issued = 0
  wrapped = 0
end

function request()
  issued = issued + 1
  local n = issued
  if n > #requests then
    wrapped = 1
    n = (n - 1) % #requests + 1
  end
  return requests[n]
end

function done(summary, latency, requests)
  local issued_total, wrapped_total = 0, 0
  for _, thread in ipairs(threads) do
    issued_total = issued_total + thread:get("issued")
    wrapped_total = wrapped_total + thread:get("wrapped")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"duration_us": %d, "requests": %d, "bytes": %d, "issued": %d, "wrapped_threads": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"mean": %.1f, "max": %d, "p50": %d, "p75": %d, "p90": %d, "p99": %d, "p999": %d}}\n',
    summary.duration, summary.requests, summary.bytes, issued_total, wrapped_total,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9)))
end
