-- wrk script for bench/run.sh: sends TRELLIS_BENCH_TOKEN as a bearer token with every request,
-- so the token never appears in the wrk command line that the results document shows.
local token = os.getenv("TRELLIS_BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
