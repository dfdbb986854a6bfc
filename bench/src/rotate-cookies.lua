-- wrk script: every request carries the next of the primed session cookies, round-robin, and
-- X-Forwarded-Proto: https. done() prints one JSON line the harness parses.
-- The requests are formatted once, in init(): request() only picks the next, so the client spends
-- as little as it can per request.
local requests = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do
    local headers = { ["X-Forwarded-Proto"] = "https" }
    if line ~= "" then headers["Cookie"] = line end
    requests[#requests + 1] = wrk.format("GET", nil, headers)
  end
  i = math.random(#requests)
end

function request()
  i = i % #requests + 1
  return requests[i]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
