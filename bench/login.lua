-- wrk: POST /v1/login as the demo tenants in turn (tenant00001@demo.example.com, …, up to
-- BENCH_TENANTS), so the per-user-name attempt limit never refuses the flood; key and password
-- from the environment
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("BENCH_KEY")
local password = os.getenv("BENCH_PASSWORD")
local tenants = tonumber(os.getenv("BENCH_TENANTS") or "1")
local counter = 0

request = function()
    counter = counter + 1
    local user = string.format("tenant%05d@demo.example.com", (counter % tenants) + 1)
    local body = '{"userName":"' .. user .. '","password":"' .. password .. '"}'
    return wrk.format(nil, nil, nil, body)
end
