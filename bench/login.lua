-- wrk script for bench/run.sh: signs in with the demo organizer's credentials on every request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"email":"%s","password":"%s"}', os.getenv("DEMO_EMAIL"),
                         os.getenv("DEMO_PASSWORD"))
