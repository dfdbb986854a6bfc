-- wrk script: every request carries the next of the primed session cookies, round-robin, and
-- X-Forwarded-Proto: https. done() prints one JSON line the harness parses.
local cookies = {}
local i = 0

function init(args)
  for line in io.lines(args[1]) do cookies[#cookies + 1] = line end
  i = math.random(#cookies)
end

function request()
  i = i % #cookies + 1
  local headers = { ["X-Forwarded-Proto"] = "https" }
  if cookies[i] ~= "" then headers["Cookie"] = cookies[i] end
  return wrk.format("GET", nil, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
