#!/usr/bin/env bash
# CSV export benchmark: streams /invoices.csv of accounts with 10,000 and 100,000 invoices on SQLite and PostgreSQL
# and reports time, size and the server's resident memory before and after each export (VmRSS, and its peak VmHWM).
# A streamed export reads a thousand rows at a time, so the peak should not grow with the account.
#
#   bash bench/export.sh        # needs curl, python3, psql and PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/root/.cache/billfold-target}"
PG_ADMIN="${BILLFOLD_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PG_URL="${PG_ADMIN%/*}/billfold_export_bench"
for tool in curl python3 psql; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool" >&2; exit 1; }
done
cargo build --release -q -p billfold-host
BIN="$CARGO_TARGET_DIR/release/billfold"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
python3 bench/gen_invoices.py > "$WORK/invoices.json"
export BILLFOLD__SECRETS__MASTER_KEY="$(head -c 32 /dev/urandom | base64)"
export BILLFOLD_LOG=warn

memory() { # VmRSS and VmHWM of a pid, in MB
  awk '/^VmRSS|^VmHWM/ { printf "%s %.1f  ", $1, $2 / 1024 }' "/proc/$1/status"
}

echo "| store | invoices | CSV bytes | seconds | server memory before | after |"
echo "| --- | ---: | ---: | ---: | --- | --- |"
run_store() {
  local name=$1 url=$2 port=$3
  "$BIN" --database-url "$url" tenant add bench --name "Bench Co" >/dev/null 2>&1
  "$BIN" --database-url "$url" import --tenant bench "$WORK/invoices.json" >/dev/null 2>&1
  "$BIN" --database-url "$url" serve --port "$port" 2>"$WORK/$name.log" &
  local pid=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  # The 100,000-invoice export runs twice: a streamed export leaves the peak where the first run put it.
  for account in A-10K A-100K A-100K; do
    local sso path cookie before after started bytes
    sso=$("$BIN" --database-url "$url" sso-url --tenant bench --email bench@example.com --account "$account" 2>/dev/null)
    path="/${sso#*localhost:*/}"
    cookie=$(curl -s -o /dev/null -D - -H "Host: bench.localhost:$port" "http://127.0.0.1:$port$path" \
      | awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }')
    [ -n "$cookie" ] || { echo "sign-in failed for $account on $name" >&2; exit 1; }
    before=$(memory "$pid")
    started=$(date +%s.%N)
    bytes=$(curl -sf -H "Host: bench.localhost:$port" -H "Cookie: $cookie" \
      "http://127.0.0.1:$port/invoices.csv?status=all" | wc -c)
    local secs
    secs=$(python3 -c "import time; print(f'{time.time() - $started:.2f}')")
    after=$(memory "$pid")
    echo "| $name | ${account#A-} | $bytes | $secs | $before | $after |"
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

run_store SQLite "sqlite://$WORK/bench.db" 18191
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS billfold_export_bench WITH (FORCE)" -c "CREATE DATABASE billfold_export_bench" >/dev/null
run_store PostgreSQL "$PG_URL" 18192
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS billfold_export_bench WITH (FORCE)" >/dev/null
echo
echo "$(nproc) cores; VmHWM is the process's peak resident memory so far"
