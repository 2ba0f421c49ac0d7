#!/usr/bin/env bash
# Dashboard load benchmark: wrk against the signed-in dashboard of accounts with 10, 10,000 and 100,000 invoices, on
# SQLite and on PostgreSQL, and against nginx serving the same page's HTML as a static file (the ceiling for this
# machine). Prints requests/s, p50 and p99 and the ratio to nginx as a Markdown table.
#
#   bash bench/dashboard.sh              # needs wrk and nginx (apt-get install wrk nginx-light) and PostgreSQL
#   DURATION=20s CONNECTIONS=32 bash bench/dashboard.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/root/.cache/billfold-target}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
PG_ADMIN="${BILLFOLD_BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PG_URL="${PG_ADMIN%/*}/billfold_bench"

for tool in wrk nginx curl python3 psql; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install wrk nginx-light curl)" >&2; exit 1; }
done
cargo build --release -q -p billfold-host
BIN="$CARGO_TARGET_DIR/release/billfold"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT
python3 bench/gen_invoices.py > "$WORK/invoices.json"
export BILLFOLD__SECRETS__MASTER_KEY="$(head -c 32 /dev/urandom | base64)"
export BILLFOLD_LOG=warn

# shellcheck source=bench/wrk.sh
source bench/wrk.sh
measure() {
  local port=$1 path=$2 host=$3 cookie=${4:-}
  local headers=("Host: $host")
  [ -n "$cookie" ] && headers+=("Cookie: $cookie")
  wrk_summary "http://127.0.0.1:$port$path" "${headers[@]}"
}

declare -A RESULT
run_store() {
  local name=$1 url=$2 port=$3
  echo "== $name: importing 110,010 invoices" >&2
  "$BIN" --database-url "$url" tenant add bench --name "Bench Co" >/dev/null 2>&1
  local started=$SECONDS
  "$BIN" --database-url "$url" import --tenant bench "$WORK/invoices.json" >&2
  echo "   import took $((SECONDS - started)) s" >&2
  "$BIN" --database-url "$url" serve --port "$port" 2>"$WORK/$name.log" &
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  for account in A-10 A-10K A-100K; do
    local sso path cookie
    sso=$("$BIN" --database-url "$url" sso-url --tenant bench --email bench@example.com --account "$account")
    path="/${sso#*localhost:*/}"
    cookie=$(curl -s -o /dev/null -D - -H "Host: bench.localhost:$port" "http://127.0.0.1:$port$path" \
      | awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }')
    [ -n "$cookie" ] || { echo "sign-in failed for $account on $name" >&2; exit 1; }
    curl -sf -H "Host: bench.localhost:$port" -H "Cookie: $cookie" "http://127.0.0.1:$port/" > "$WORK/page-$account.html"
    RESULT[$name/$account]=$(measure "$port" / "bench.localhost:$port" "$cookie")
    echo "   $account: ${RESULT[$name/$account]}" >&2
  done
  kill %1 2>/dev/null || true
  wait 2>/dev/null || true
}

rm -f "$WORK/bench.db"
run_store SQLite "sqlite://$WORK/bench.db" 18181
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS billfold_bench WITH (FORCE)" -c "CREATE DATABASE billfold_bench" >/dev/null
run_store PostgreSQL "$PG_URL" 18182
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS billfold_bench WITH (FORCE)" >/dev/null

# nginx serving the 100,000-invoice account's dashboard HTML as a static file: the same bytes, no work.
mkdir -p "$WORK/www"
chmod -R a+rX "$WORK"  # nginx workers run unprivileged
cp "$WORK/page-A-100K.html" "$WORK/www/index.html"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server { listen 127.0.0.1:18183; root $WORK/www; default_type text/html; }
}
CONF
mkdir -p "$WORK/tmp"
nginx -c "$WORK/nginx.conf"
sleep 0.5
NGINX=$(measure 18183 /index.html localhost)
read -r nginx_rps _ _ <<<"$NGINX"

echo
echo "| store | invoices in account | requests/s | p50 ms | p99 ms | vs nginx static |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for name in SQLite PostgreSQL; do
  for account in A-10 A-10K A-100K; do
    read -r rps p50 p99 <<<"${RESULT[$name/$account]}"
    count=${account#A-}; count=${count/10K/10,000}; count=${count/100K/100,000}
    ratio=$(python3 -c "print(f'{$rps / $nginx_rps:.1%}')")
    echo "| $name | $count | $rps | $p50 | $p99 | $ratio |"
  done
done
read -r rps p50 p99 <<<"$NGINX"
echo "| nginx (static copy of the page) | — | $rps | $p50 | $p99 | 100% |"
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores, page size $(wc -c < "$WORK/www/index.html") bytes"
