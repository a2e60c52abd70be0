-- DCMP poll load for wrk: every request polls as one of the phones listed in a file, in turn.
--   DCMP_MACS=macs.txt wrk -t2 -c32 -d60s --latency -s infra/bench/dcmp-poll.lua http://127.0.0.1:18080
-- macs.txt holds one device id per line (e.g. the phones `deskfleet simulate` registered); without it,
-- 5,000 synthetic ids are used. deskfleet answers from memory: 202 when work waits, 200 otherwise.
local macs = {}
local path = os.getenv("DCMP_MACS")
if path then
  for line in io.lines(path) do
    if #line > 0 then macs[#macs + 1] = line end
  end
end
if #macs == 0 then
  for n = 0, 4999 do
    macs[#macs + 1] = string.format("00:1a:e8:00:%02x:%02x", math.floor(n / 256) % 256, n % 256)
  end
end
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", "/dcmp/contact-me?device-id=" .. macs[(counter % #macs) + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("DCMP polls: %d in %.1f s = %.0f/s; latency p50 %.2f ms, p99 %.2f ms; errors %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
