-- Each request reads a twin chosen at random, so the load spreads over all of them instead of one hot twin.
-- Arguments after "--": the twin count and the id prefix; ids are prefix .. zero-padded number (twin-00001).
-- done() prints the figures on lines starting with "dtn:", which the bench reads.

local requests = {}

function init(args)
  local count = tonumber(args[1])
  local prefix = args[2]
  -- Each thread its own seed, else both threads would walk the same sequence of twins.
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
  for i = 1, count do
    -- The requests are rendered once: formatting one per request would cost wrk CPU the silo needs.
    requests[i] = wrk.format("GET", string.format("/api/v1/twins/%s%05d", prefix, i))
  end
end

function request()
  return requests[math.random(#requests)]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("dtn: requests=%d duration_us=%d bytes=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout))
  io.write(string.format("dtn: latency_us p50=%d p90=%d p99=%d p999=%d max=%d mean=%.1f\n",
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
end
