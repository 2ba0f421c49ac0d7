#!/usr/bin/env bash
# Portal pages under load: wrk against the signed-in dashboard (page 1 and a deep page), an invoice page, Payment
# History (page 1 and a deep page) and the pay form of accounts with 10,000 and 100,000 invoices (5,000 and 50,000 payments), on SQLite and on
# PostgreSQL, and against nginx serving each page's very bytes as a static file (the ceiling for this machine).
# Prints requests/s, p50 and p99, the ratio to nginx, how the ratio holds from 10,000 to 100,000 invoices, the
# import rate and the server's peak RSS, as Markdown.
#
#   bash bench/dashboard.sh              # needs wrk and nginx (apt-get install wrk nginx-light) and PostgreSQL
#   DURATION=20s CONNECTIONS=32 bash bench/dashboard.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/root/.cache/billfold-target}"
DURATION="${DURATION:-8s}"
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

ACCOUNTS=(A-10K A-100K)
PAGES=(dashboard dashboard-deep invoice history history-deep pay-form)
# The page's path for an account: the deep pages are the ones 80% of the way back (25 a page; half the invoices are
# paid, so Payment History has half as many pages).
path_of() {
  local page=$1 account=$2 port=$3 cookie=$4
  case $page in
    dashboard) echo "/" ;;
    dashboard-deep) python3 bench/deep_link.py "$port" "bench.localhost:$port" "$cookie" \
                      "$([ "$account" = A-10K ] && echo 320 || echo 3200)" / ;;
    invoice) echo "/invoices/$account-000000" ;;
    history) echo "/payments" ;;
    history-deep) python3 bench/deep_link.py "$port" "bench.localhost:$port" "$cookie" \
                    "$([ "$account" = A-10K ] && echo 160 || echo 1600)" ;;
    pay-form) echo "/invoices/$account-000000/pay" ;;
  esac
}

declare -A RESULT IMPORT RSS
mkdir -p "$WORK/www"
run_store() {
  local name=$1 url=$2 port=$3
  echo "== $name: importing 110,010 invoices and 55,000 payments" >&2
  "$BIN" --database-url "$url" tenant add bench --name "Bench Co" >/dev/null 2>&1
  local started
  started=$(date +%s.%N)
  "$BIN" --database-url "$url" import --tenant bench "$WORK/invoices.json" >&2
  IMPORT[$name]=$(python3 -c "print(round(110010 / ($(date +%s.%N) - $started)))")
  echo "   import: ${IMPORT[$name]} invoices/s" >&2
  "$BIN" --database-url "$url" serve --port "$port" 2>"$WORK/$name.log" &
  local pid=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  for account in "${ACCOUNTS[@]}"; do
    local sso cookie
    sso=$("$BIN" --database-url "$url" sso-url --tenant bench --email bench@example.com --account "$account")
    cookie=$(curl -s -o /dev/null -D - -H "Host: bench.localhost:$port" "http://127.0.0.1:$port/${sso#*localhost:*/}" \
      | awk -F'[ ;]' 'tolower($1) == "set-cookie:" { print $2 }')
    [ -n "$cookie" ] || { echo "sign-in failed for $account on $name" >&2; exit 1; }
    for page in "${PAGES[@]}"; do
      local path
      path=$(path_of "$page" "$account" "$port" "$cookie")
      curl -sf -H "Host: bench.localhost:$port" -H "Cookie: $cookie" "http://127.0.0.1:$port$path" \
        > "$WORK/www/$name-$account-$page.html"
      RESULT[$name/$account/$page]=$(measure "$port" "$path" "bench.localhost:$port" "$cookie")
      echo "   $account $page ($path): ${RESULT[$name/$account/$page]}" >&2
    done
  done
  RSS[$name]=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status")
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

rm -f "$WORK/bench.db"
run_store SQLite "sqlite://$WORK/bench.db" 18181
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS billfold_bench WITH (FORCE)" -c "CREATE DATABASE billfold_bench" >/dev/null
run_store PostgreSQL "$PG_URL" 18182
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS billfold_bench WITH (FORCE)" >/dev/null

# nginx serving each page's very bytes (as the SQLite run served them) as a static file: the same bytes, no work.
chmod -R a+rX "$WORK"  # nginx workers run unprivileged
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
declare -A NGINX
for account in "${ACCOUNTS[@]}"; do
  for page in "${PAGES[@]}"; do
    NGINX[$account/$page]=$(measure 18183 "/SQLite-$account-$page.html" localhost)
  done
done

echo
echo "| store | invoices | page | bytes | requests/s | p50 ms | p99 ms | nginx requests/s | vs nginx |"
echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
declare -A RATIO
for name in SQLite PostgreSQL; do
  for account in "${ACCOUNTS[@]}"; do
    for page in "${PAGES[@]}"; do
      read -r rps p50 p99 <<<"${RESULT[$name/$account/$page]}"
      read -r nginx_rps _ _ <<<"${NGINX[$account/$page]}"
      RATIO[$name/$account/$page]=$(python3 -c "print($rps / $nginx_rps)")
      ratio=$(python3 -c "print(f'{$rps / $nginx_rps:.3f}×')")
      count=${account#A-}; count=${count/10K/10,000}; count=${count/100K/100,000}
      bytes=$(wc -c < "$WORK/www/$name-$account-$page.html")
      echo "| $name | $count | $page | $bytes | $rps | $p50 | $p99 | $nginx_rps | $ratio |"
    done
  done
done
echo
echo "| store | page | ratio at 100,000 ÷ ratio at 10,000 |"
echo "| --- | --- | ---: |"
for name in SQLite PostgreSQL; do
  for page in "${PAGES[@]}"; do
    echo "| $name | $page | $(python3 -c "print(f'{${RATIO[$name/A-100K/$page]} / ${RATIO[$name/A-10K/$page]}:.2f}')") |"
  done
done
echo
echo "| store | import (invoices/s, with 55,000 payments) | server peak RSS (MB) |"
echo "| --- | ---: | ---: |"
for name in SQLite PostgreSQL; do
  echo "| $name | ${IMPORT[$name]} | ${RSS[$name]} |"
done
echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(nproc) cores"
