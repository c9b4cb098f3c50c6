-- wrk: POST /v1/login for the demo tenant; key from the environment
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("BENCH_KEY")
wrk.body = '{"userName":"' .. os.getenv("BENCH_USER") .. '","password":"' .. os.getenv("BENCH_PASSWORD") .. '"}'
