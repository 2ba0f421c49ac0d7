# Shared by the wrk benchmarks (sourced): `wrk_summary URL [HEADER…]` runs wrk with $THREADS, $CONNECTIONS and
# $DURATION and prints "requests/s p50 p99" (latencies in ms); any non-2xx response fails the run.
wrk_summary() {
  local url=$1
  shift
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency)
  for header in "$@"; do args+=(-H "$header"); done
  wrk "${args[@]}" "$url" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { if (bad) { print "wrk saw " bad " non-2xx responses" > "/dev/stderr"; exit 1 } printf "%.0f %.2f %.2f\n", rps, p50, p99 }'
}
