#!/usr/bin/env bash
# REST API load benchmark: wrk against `GET /api/v1/accounts?limit=25` (key check, the per-key rate-limit counter in
# the database, one page of accounts) on SQLite and on PostgreSQL. Prints requests/s, p50 and p99 as a Markdown table.
#
#   bash bench/api.sh                    # needs wrk (apt-get install wrk) and PostgreSQL
#   BIN=/path/to/other/billfold bash bench/api.sh   # the same against another build, to compare
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/root/.cache/billfold-target}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
PG_ADMIN="${BILLFOLD_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PG_URL="${PG_ADMIN%/*}/billfold_api_bench"

for tool in wrk curl python3 psql; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install wrk curl)" >&2; exit 1; }
done
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p billfold-host
  BIN="$CARGO_TARGET_DIR/release/billfold"
fi
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 -c '
import json
print(json.dumps({"accounts": [{"id": f"C-{i:04}", "name": f"Customer {i}", "currency": "USD"} for i in range(1000)]}))
' > "$WORK/accounts.json"
export BILLFOLD__SECRETS__MASTER_KEY="$(head -c 32 /dev/urandom | base64)"
# The limit is far above what wrk can send, so every request is counted and none is refused.
export BILLFOLD__API__RATE_LIMIT_PER_MINUTE=1000000000
export BILLFOLD_LOG=warn

# shellcheck source=bench/wrk.sh
source bench/wrk.sh
measure() {
  local port=$1 key=$2
  wrk_summary "http://127.0.0.1:$port/api/v1/accounts?limit=25" "Host: bench.localhost" "Authorization: Bearer $key"
}

declare -A RESULT
run_store() {
  local name=$1 url=$2 port=$3 key
  key=$("$BIN" --database-url "$url" tenant add bench --name "Bench Co" 2>/dev/null | sed -n 's/^api_key=//p')
  [ -n "$key" ] || { echo "tenant add printed no api_key on $name" >&2; exit 1; }
  "$BIN" --database-url "$url" import --tenant bench "$WORK/accounts.json" >/dev/null 2>&1
  "$BIN" --database-url "$url" serve --port "$port" 2>"$WORK/$name.log" &
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  curl -sf -H "Host: bench.localhost" -H "Authorization: Bearer $key" \
    "http://127.0.0.1:$port/api/v1/accounts?limit=25" >/dev/null || { echo "the API refused the key on $name" >&2; exit 1; }
  RESULT[$name]=$(measure "$port" "$key")
  echo "   $name: ${RESULT[$name]}" >&2
  kill %1 2>/dev/null || true
  wait 2>/dev/null || true
}

run_store SQLite "sqlite://$WORK/bench.db" 18191
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS billfold_api_bench WITH (FORCE)" -c "CREATE DATABASE billfold_api_bench" >/dev/null
run_store PostgreSQL "$PG_URL" 18192
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS billfold_api_bench WITH (FORCE)" >/dev/null

echo
echo "| store | requests/s | p50 ms | p99 ms |"
echo "| --- | ---: | ---: | ---: |"
for name in SQLite PostgreSQL; do
  read -r rps p50 p99 <<<"${RESULT[$name]}"
  echo "| $name | $rps | $p50 | $p99 |"
done
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores, GET /api/v1/accounts?limit=25 of 1,000 accounts"
