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
# Usage: bench/quality.sh N [R]      (e.g. 1000000 3)
set -euo pipefail
N="${1:?usage: bench/quality.sh N [R]}"
R="${2:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/bench/work"
mkdir -p "$work"
export JAVA_OPTS="${JAVA_OPTS:--Xmx256m}"
command -v psql >/dev/null || { echo "psql is needed (Debian: apt-get install postgresql-client)" >&2; exit 2; }
. "$root/bench/lib/pg.sh"
bench_pg quality

psql -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS bench_quality" -c "CREATE DATABASE bench_quality" >/dev/null
export CARAVAN_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/bench_quality"
export CARAVAN_DB_USER="$PGUSER" CARAVAN_DB_PASSWORD="${PGPASSWORD:-}" CARAVAN_ALERT_WEBHOOK_URL=""
(cd "$root" && ./caravan objects >/dev/null)   # builds if needed and migrates, outside the timing

echo "filling crm_contacts and crm_opportunities with $N rows each" >&2
psql -q -v ON_ERROR_STOP=1 -d bench_quality <<SQL >/dev/null
INSERT INTO crm_companies (company_id, company_name, row_hash, first_run_id, last_run_id)
SELECT 'C' || g, 'Company ' || g, 'h', 1, 1 FROM generate_series(1, 1000) g;
INSERT INTO crm_contacts (contact_id, company_id, first_name, last_name, email, phone, row_hash, first_run_id, last_run_id)
SELECT 'P' || g, 'C' || (1 + g % 1000), 'First' || g, 'Last' || g,
       CASE WHEN g % 50 = 0 THEN 'broken at example' ELSE 'p' || g || '@example.com' END, '+1512555' || lpad((g % 10000)::text, 4, '0'),
       'h', 1, 1 FROM generate_series(1, $N) g;
INSERT INTO crm_opportunities (opportunity_id, company_id, contact_id, opportunity_name, amount, stage, close_date,
       row_hash, first_run_id, last_run_id)
SELECT 'O' || g, 'C' || (1 + g % 1000), CASE WHEN g % 2 = 0 THEN 'P' || g END, 'Deal ' || g,
       CASE WHEN g % 20 = 0 THEN NULL WHEN g % 997 = 0 THEN -g ELSE (g % 50000) + 0.5 END,
       (ARRAY['prospecting','qualification','proposal','negotiation','closed won','closed lost','stalled'])[1 + g % 7],
       DATE '2026-01-01' + (g % 365), 'h', 1, 1 FROM generate_series(1, $N) g;
VACUUM ANALYZE;
SQL

scan=(); opp=(); con=(); wall=()
for run in $(seq 1 "$R"); do
  t0=$(now_ms)
  psql -tA -d bench_quality -c "SELECT count(*) FROM crm_opportunities WHERE amount < 0" >/dev/null
  t1=$(now_ms); scan+=($((t1 - t0)))
  psql -q -d bench_quality -c "DELETE FROM caravan_quality_result" >/dev/null
  t0=$(now_ms)
  (cd "$root" && ./caravan quality crm opportunities >"$work/quality-opp.txt") || true   # exit 1: planted failures
  t1=$(now_ms); wall+=($((t1 - t0)))
  (cd "$root" && ./caravan quality crm contacts >"$work/quality-con.txt") || true
  opp+=($(psql -tA -d bench_quality -c "SELECT COALESCE(SUM(duration_ms), 0) FROM caravan_quality_result WHERE object = 'opportunities'"))
  con+=($(psql -tA -d bench_quality -c "SELECT COALESCE(SUM(duration_ms), 0) FROM caravan_quality_result WHERE object = 'contacts'"))
  echo "run $run: scan_ms=${scan[-1]} opportunities_checks_ms=${opp[-1]} contacts_checks_ms=${con[-1]} opportunities_wall_ms=${wall[-1]}"
done
echo "per check (last run):"
psql -tA -F ' ' -d bench_quality -c "SELECT object, check_name, status, duration_ms FROM caravan_quality_result ORDER BY object, check_name" \
  | sed 's/^/  /'
m_scan=$(median "${scan[@]}"); m_opp=$(median "${opp[@]}"); m_con=$(median "${con[@]}"); m_wall=$(median "${wall[@]}")
ratio=$(awk -v a="$m_opp" -v b="$m_scan" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1) }')
echo "rows=$N runs=$R scan_ms=$m_scan opportunities_checks_ms=$m_opp contacts_checks_ms=$m_con opportunities_wall_ms=$m_wall checks_per_scan=$ratio"
