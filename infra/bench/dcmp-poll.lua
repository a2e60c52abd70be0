-- DCMP poll load for wrk: every request polls as one of 5,000 phones in turn.
--   wrk -t2 -c32 -d60s --latency -s infra/bench/dcmp-poll.lua http://127.0.0.1:18080
-- (deskfleet answers 202 to phones with pending work and 200 to the others, from memory.)
local phones = 5000
local counter = 0

request = function()
  local n = counter % phones
  counter = counter + 1
  local mac = string.format("00:1a:e8:%02x:%02x:%02x", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  return wrk.format("GET", "/dcmp/contact-me?device-id=" .. mac)
end

done = function(summary, latency, requests)
  io.write(string.format("DCMP polls: %d in %.1f s = %.0f/s; latency p50 %.2f ms, p99 %.2f ms; errors %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
