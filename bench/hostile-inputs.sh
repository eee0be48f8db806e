#!/usr/bin/env bash
# Hostile inputs: each one generated under bench/work/hostile/, then imported by the packaged
# application (java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar target/quarkus-app/quarkus-run.jar
# import leadconduit leads FILE --json) on an embedded H2 warehouse of its own. Prints per input:
# exit code, run status, rows inserted and rejected, the error, runs left "running", peak RSS
# (/usr/bin/time -v), and PASS when the run ended (no OutOfMemoryError exit, nothing left running)
# within the RSS budget.
# Usage: bench/hostile-inputs.sh [NAME...]   (default: all; build first with ./mvnw -B -q package -DskipTests)
# Environment: JAVA_OPTS (default -Xmx256m), RSS_BUDGET_MB (default 512), ROWS (default 1500000),
# WORK (default bench/work/hostile; inputs already there are reused).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${WORK:-$root/bench/work/hostile}"
jar="$root/target/quarkus-app/quarkus-run.jar"
JAVA_OPTS="${JAVA_OPTS:--Xmx256m}"
RSS_BUDGET_MB="${RSS_BUDGET_MB:-512}"
ROWS="${ROWS:-1500000}"
mkdir -p "$work"

[ -f "$jar" ] || { echo "build first: ./mvnw -B -q package -DskipTests" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (Debian: apt-get install time)" >&2; exit 2; }

# N characters of one letter, streamed (never held by the shell)
chars() { head -c "$2" /dev/zero | tr '\0' "$1"; }
MB=$((1024 * 1024))

generate() {
  local name="$1" file="$work/$1"
  [ -f "$file" ] && return 0
  echo "generating $name" >&2
  case "$name" in
    single-line-300mb.jsonl)   # one JSON line of 300 MB between two good ones
      { echo '{"lead_id":"J1","submission_timestamp":"2025-07-01T00:00:00Z"}'
        printf '{"lead_id":"J2","submission_timestamp":"2025-07-01T00:00:00Z","notes":"'
        chars x $((300 * MB)); echo '"}'
        echo '{"lead_id":"J3","submission_timestamp":"2025-07-01T00:00:00Z"}'; } > "$file.tmp" ;;
    array-300mb-string.json)   # a JSON array whose second element holds a 300 MB string
      { printf '[{"lead_id":"A1","submission_timestamp":"2025-07-01"},\n{"lead_id":"A2","submission_timestamp":"2025-07-01","notes":"'
        chars y $((300 * MB)); printf '"},\n{"lead_id":"A3","submission_timestamp":"2025-07-01"}]\n'; } > "$file.tmp" ;;
    unique-field-names.jsonl)  # ROWS lines, every one with a field name of its own (and a unique key)
      awk -v n="$ROWS" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"lead_id\":\"U%d\",\"first_name\":\"Pat\",\"email\":\"u%d@example.com\",\"submission_timestamp\":\"2025-07-01T10:00:00Z\",\"custom_%d\":\"v%d\"}\n", i, i, i, i }' > "$file.tmp" ;;
    unique-keys.jsonl)         # ROWS lines with the same fields and unique natural keys
      awk -v n="$ROWS" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"lead_id\":\"K%d\",\"first_name\":\"Pat\",\"email\":\"k%d@example.com\",\"submission_timestamp\":\"2025-07-01T10:00:00Z\",\"custom\":\"v%d\"}\n", i, i, i }' > "$file.tmp" ;;
    csv-20x15mb-fields.csv)    # 2 good rows, then 20 rows each with a 15 MB quoted field, then a good row
      { echo 'Lead ID,Email Address,Submission Timestamp,Notes'
        echo 'C1,c1@example.com,2025-07-01,fine'; echo 'C2,c2@example.com,2025-07-01,fine'
        for i in $(seq 1 20); do printf 'B%d,b%d@example.com,2025-07-01,"' "$i" "$i"; chars z $((15 * MB)); echo '"'; done
        echo 'C3,c3@example.com,2025-07-01,after'; } > "$file.tmp" ;;
    batch-size-max.csv)        # a normal file, imported with --batch-size 2147483647
      { echo 'Lead ID,Email Address,Submission Timestamp'
        for i in $(seq 1 100); do echo "M$i,m$i@example.com,2025-07-01"; done; } > "$file.tmp" ;;
    *) echo "unknown input $name" >&2; exit 2 ;;
  esac
  mv "$file.tmp" "$file"
}

# field of a flat JSON object printed by --json: "status":"x" or "rejected":3
field() { grep -o "\"$1\":\(\"[^\"]*\"\|[0-9a-z]*\)" <<<"$2" | head -1 | cut -d: -f2- | tr -d '"'; }

run() {
  local name="$1" extra=() db
  shift
  [ "$name" = batch-size-max.csv ] && extra=(--batch-size 2147483647)
  generate "$name"
  db="$work/db-${name%%.*}"
  rm -rf "$db"
  local size_mb=$(( $(stat -c %s "$work/$name") / MB ))
  local common=(-XX:+ExitOnOutOfMemoryError -Dquarkus.http.host-enabled=false -Dquarkus.log.console.stderr=true
    -Dquarkus.log.level=WARN)
  local rc=0
  # shellcheck disable=SC2086
  CARAVAN_DB_URL="jdbc:h2:file:$db/caravan" CARAVAN_LOG_LEVEL=WARN CARAVAN_INBOX_DIR="$work/inbox" \
    /usr/bin/time -v -o "$work/$name.time" java $JAVA_OPTS "${common[@]}" -jar "$jar" \
    import leadconduit leads "$work/$name" --json "${extra[@]}" > "$work/$name.out" 2> "$work/$name.err" || rc=$?
  local out rss_kb rss_mb status rejected inserted error running
  out="$(cat "$work/$name.out")"
  rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/$name.time")
  rss_mb=$(( rss_kb / 1024 ))
  status="$(field status "$out")"; rejected="$(field rejected "$out")"; inserted="$(field inserted "$out")"
  error="$(grep -o '"error":"[^"]*' <<<"$out" | cut -d'"' -f4 | cut -c1-110 || true)"
  [ -z "$error" ] && error="$(grep -m1 'caravan import:\|OutOfMemoryError' "$work/$name.err" | cut -c1-110 || true)"
  # runs left "running" in this input's warehouse (none when the run was refused before it opened)
  running=0
  if [ -d "$db" ]; then
    # shellcheck disable=SC2086
    running=$(CARAVAN_DB_URL="jdbc:h2:file:$db/caravan" CARAVAN_LOG_LEVEL=WARN java $JAVA_OPTS "${common[@]}" -jar "$jar" \
      runs --limit 100 --json 2>/dev/null | grep -o '"status":"running"' | wc -l || true)
  fi
  local verdict=PASS
  if [ "$rc" -gt 2 ] || [ "$running" -gt 0 ] || [ "$rss_mb" -gt "$RSS_BUDGET_MB" ] || grep -q OutOfMemoryError "$work/$name.err"; then
    verdict=FAIL
  fi
  printf '%-26s %6s MB  exit=%-2s status=%-10s inserted=%-8s rejected=%-4s running=%s peak_rss=%4s MB  %s\n' \
    "$name" "$size_mb" "$rc" "${status:--}" "${inserted:--}" "${rejected:--}" "$running" "$rss_mb" "$verdict"
  [ -n "$error" ] && printf '%-26s   error: %s\n' "" "$error"
  [ "$verdict" = PASS ]
}

inputs=("$@")
[ ${#inputs[@]} -eq 0 ] && inputs=(single-line-300mb.jsonl array-300mb-string.json csv-20x15mb-fields.csv \
  batch-size-max.csv unique-field-names.jsonl unique-keys.jsonl)
echo "JAVA_OPTS=$JAVA_OPTS budget=${RSS_BUDGET_MB} MB rows=$ROWS"
failed=0
for input in "${inputs[@]}"; do
  run "$input" || failed=1
done
exit $failed
