#!/usr/bin/env bash
# Benchmark: the cost of an object's data-quality checks on a table of N rows (PostgreSQL warehouse).
# Fills crm_contacts and crm_opportunities with N rows each (SQL generate_series; 2 % bad e-mails,
# 5 % opportunities without an amount, some negative amounts, stages outside the allowed set), then,
# R times (default 3):
#   (a) baseline: one sequential scan of the table, `SELECT count(*) … WHERE amount < 0` (psql)
#   (b) ./caravan quality crm opportunities (its 7 default checks: row count, not-null, non-negative,
#       amount present, two orphan checks joining to parents, allowed values), and the same for
#       crm_contacts (5 checks, among them e-mail validity by regular expression)
# Prints per-run and median figures: the checks' own time (sum of caravan_quality_result.duration_ms),
# the wall time with the JVM's start, and the ratio of the checks' time to one scan.
# WAREHOUSE=h2 runs the same on the embedded H2 default (a file under bench/work/; filled with H2's
# RunScript from the application's own H2 jar; the scan baseline is then the row_count check's time).
# Usage: bench/quality.sh N [R]      (e.g. 1000000 3); WAREHOUSE=h2 bench/quality.sh N [R]
set -euo pipefail
N="${1:?usage: bench/quality.sh N [R]}"
R="${2:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/bench/work"
mkdir -p "$work"
export JAVA_OPTS="${JAVA_OPTS:--Xmx256m}"
WAREHOUSE="${WAREHOUSE:-postgresql}"
. "$root/bench/lib/pg.sh"   # bench_pg, now_ms, median
export CARAVAN_ALERT_WEBHOOK_URL=""

# The fill, in SQL both warehouses run (H2 SYSTEM_RANGE or PostgreSQL generate_series as R(X)).
fill_sql() {
  local range="$1"
  cat <<SQL
INSERT INTO crm_companies (company_id, company_name, row_hash, first_run_id, last_run_id)
SELECT 'C' || X, 'Company ' || X, 'h', 1, 1 FROM ${range/@N@/1000};
INSERT INTO crm_contacts (contact_id, company_id, first_name, last_name, email, phone, row_hash, first_run_id, last_run_id)
SELECT 'P' || X, 'C' || (1 + MOD(X, 1000)), 'First' || X, 'Last' || X,
       CASE WHEN MOD(X, 50) = 0 THEN 'broken at example' ELSE 'p' || X || '@example.com' END,
       '+1512555' || LPAD(CAST(MOD(X, 10000) AS VARCHAR), 4, '0'), 'h', 1, 1 FROM ${range/@N@/$N};
INSERT INTO crm_opportunities (opportunity_id, company_id, contact_id, opportunity_name, amount, stage, close_date,
       row_hash, first_run_id, last_run_id)
SELECT 'O' || X, 'C' || (1 + MOD(X, 1000)), CASE WHEN MOD(X, 2) = 0 THEN 'P' || X END, 'Deal ' || X,
       CASE WHEN MOD(X, 20) = 0 THEN NULL WHEN MOD(X, 997) = 0 THEN -X ELSE MOD(X, 50000) + 0.5 END,
       CASE MOD(X, 7) WHEN 0 THEN 'prospecting' WHEN 1 THEN 'qualification' WHEN 2 THEN 'proposal' WHEN 3 THEN 'negotiation'
         WHEN 4 THEN 'closed won' WHEN 5 THEN 'closed lost' ELSE 'stalled' END,
       CAST(DATE '2026-01-01' + MOD(X, 365) AS DATE), 'h', 1, 1 FROM ${range/@N@/$N};
SQL
}

if [ "$WAREHOUSE" = "h2" ]; then
  rm -rf "$work/h2-quality" && mkdir -p "$work/h2-quality"
  export CARAVAN_DB_URL="jdbc:h2:file:$work/h2-quality/caravan"
  export CARAVAN_DB_USER=sa CARAVAN_DB_PASSWORD=""
  (cd "$root" && ./caravan objects >/dev/null)
  h2jar=$(ls "$root"/target/quarkus-app/lib/main/com.h2database.h2-*.jar | head -1)
  echo "filling crm_contacts and crm_opportunities with $N rows each (H2)" >&2
  fill_sql "SYSTEM_RANGE(1, @N@)" | sed 's/CAST(DATE .2026-01-01. + MOD(X, 365) AS DATE)/DATEADD(DAY, MOD(X, 365), DATE '"'"'2026-01-01'"'"')/' > "$work/h2-fill.sql"
  echo "ANALYZE;" >> "$work/h2-fill.sql"
  java -cp "$h2jar" org.h2.tools.RunScript -url "$CARAVAN_DB_URL" -user sa -script "$work/h2-fill.sql"
  query() { java -cp "$h2jar" org.h2.tools.Shell -url "$CARAVAN_DB_URL" -user sa -sql "$1" | sed '1d;/^(/d;s/ *$//;s/^ *//'; }
else
  command -v psql >/dev/null || { echo "psql is needed (Debian: apt-get install postgresql-client)" >&2; exit 2; }
  bench_pg quality
  psql -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS bench_quality" -c "CREATE DATABASE bench_quality" >/dev/null
  export CARAVAN_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/bench_quality"
  export CARAVAN_DB_USER="$PGUSER" CARAVAN_DB_PASSWORD="${PGPASSWORD:-}"
  (cd "$root" && ./caravan objects >/dev/null)   # builds if needed and migrates, outside the timing
  echo "filling crm_contacts and crm_opportunities with $N rows each" >&2
  { fill_sql "generate_series(1, @N@) R(X)"; echo "VACUUM ANALYZE;"; } | psql -q -v ON_ERROR_STOP=1 -d bench_quality >/dev/null
  query() { psql -tA -d bench_quality -c "$1"; }
fi

scan=(); opp=(); con=(); wall=()
for run in $(seq 1 "$R"); do
  query "DELETE FROM caravan_quality_result" >/dev/null
  t0=$(now_ms)
  (cd "$root" && ./caravan quality crm opportunities >"$work/quality-opp.txt") || true   # exit 1: planted failures
  t1=$(now_ms); wall+=($((t1 - t0)))
  (cd "$root" && ./caravan quality crm contacts >"$work/quality-con.txt") || true
  opp+=($(query "SELECT COALESCE(SUM(duration_ms), 0) FROM caravan_quality_result WHERE object = 'opportunities'"))
  con+=($(query "SELECT COALESCE(SUM(duration_ms), 0) FROM caravan_quality_result WHERE object = 'contacts'"))
  if [ "$WAREHOUSE" = "h2" ]; then
    scan+=($(query "SELECT duration_ms FROM caravan_quality_result WHERE object = 'opportunities' AND check_name = 'row_count'"))
  else
    t0=$(now_ms); query "SELECT count(*) FROM crm_opportunities WHERE amount < 0" >/dev/null; t1=$(now_ms); scan+=($((t1 - t0)))
  fi
  echo "run $run: scan_ms=${scan[-1]} opportunities_checks_ms=${opp[-1]} contacts_checks_ms=${con[-1]} opportunities_wall_ms=${wall[-1]}"
done
echo "per check (last run):"
query "SELECT object || ' ' || check_name || ' ' || status || ' ' || duration_ms FROM caravan_quality_result ORDER BY object, check_name" | sed 's/^/  /'
m_scan=$(median "${scan[@]}"); m_opp=$(median "${opp[@]}"); m_con=$(median "${con[@]}"); m_wall=$(median "${wall[@]}")
ratio=$(awk -v a="$m_opp" -v b="$m_scan" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1) }')
echo "warehouse=$WAREHOUSE rows=$N runs=$R scan_ms=$m_scan opportunities_checks_ms=$m_opp contacts_checks_ms=$m_con opportunities_wall_ms=$m_wall checks_per_scan=$ratio"
