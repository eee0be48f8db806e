#!/usr/bin/env bash
# Benchmark: ./caravan sync hubspot --table contacts against the HubSpot fake (test code, run as a
# process of its own: N contacts, their company links, a general limit of R requests per 10 s), into
# the embedded H2 warehouse in bench/work. Runs a full sync, then an incremental one after 1 % of the
# contacts changed. Each sync is repeated RUNS times (default 3, fresh warehouse each time) and the
# medians are printed. Prints:
#   budget_use       requests/s the fake received over the run, ÷ the allowed R/10
#   rate_limited     429 answers
#   records_s        contacts landed per second of the run (run-log duration)
#   ideal_records_s  100 records per page × the allowed rate (each page of contacts also needs one
#                    associations request, so records_s can reach about half of it)
#   peak_rss_mb      Caravan's peak resident memory
# Usage: bench/api-sync.sh N [R]      (e.g. bench/api-sync.sh 100000 100)
set -euo pipefail
N="${1:?usage: bench/api-sync.sh N [R]}"
R="${2:-100}"
RUNS="${RUNS:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/bench/work/api"
mkdir -p "$work"
export JAVA_OPTS="${JAVA_OPTS:--Xmx256m}"
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (Debian: apt-get install time)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 2; }

(cd "$root" && ./mvnw -B -q test-compile && ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null)
token="pat-na1-bench-$RANDOM$RANDOM"
rm -f "$work/ports"
java -Xmx2g -cp "$root/target/test-classes:$root/target/classes:$(cat "$work/cp.txt")" \
  dev.caravan.testing.hubspot.FakeHubSpotMain "$N" "$R" "$token" "$work/ports" > "$work/fake.log" 2>&1 &
fake=$!
trap 'kill $fake 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do [ -s "$work/ports" ] && break; sleep 1; done
[ -s "$work/ports" ] || { echo "the fake did not start: $(cat "$work/fake.log")" >&2; exit 1; }
read -r api_port control_port < "$work/ports"
ctl() { curl -fsS -X "$1" "http://127.0.0.1:$control_port$2"; }

export HUBSPOT_BASE_URL="http://127.0.0.1:$api_port" HUBSPOT_ACCESS_TOKEN="$token"
(cd "$root" && ./caravan objects >/dev/null)   # builds the application when needed, outside the timings

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
one_run() { # $1 label, $2... caravan args; prints "duration_ms budget_use rate_limited rss_kb read"
  local label="$1"; shift
  ctl POST /clear >/dev/null
  /usr/bin/time -v -o "$work/time-$label.txt" "$root/caravan" "$@" --json > "$work/$label.json"
  local stats; stats="$(ctl GET /stats)"
  local requests limited first last
  requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$stats")
  limited=$(sed -E 's/.*rate_limited=([0-9]+).*/\1/' <<<"$stats")
  first=$(sed -E 's/.*first_ms=([0-9]+).*/\1/' <<<"$stats")
  last=$(sed -E 's/.*last_ms=([0-9]+).*/\1/' <<<"$stats")
  local span=$(( last - first )); [ "$span" -gt 0 ] || span=1
  local rss; rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time-$label.txt")
  local read; read=$(sed -E 's/.*"read":([0-9]+).*/\1/' "$work/$label.json")
  local use; use=$(awk -v q="$requests" -v s="$span" -v r="$R" 'BEGIN {printf "%.3f", (q - 1) / (s / 1000) / (r / 10)}')
  echo "$span $use $limited $rss $read $requests"
}

full=(); incr=()
for i in $(seq 1 "$RUNS"); do
  rm -rf "$work/h2" && export CARAVAN_DB_URL="jdbc:h2:file:$work/h2/caravan"
  f="$(one_run "full-$i" sync hubspot --table contacts --full)"
  echo "full run $i: span_ms requests/s÷allowed 429s rss_kb read requests = $f" >&2
  full+=("$f")
  ctl POST "/modify?count=$(( N / 100 ))" >/dev/null
  sleep 1
  g="$(one_run "incr-$i" sync hubspot --table contacts)"
  echo "incremental run $i: span_ms requests/s÷allowed 429s rss_kb read requests = $g" >&2
  incr+=("$g")
done

col() { local n="$1"; shift; printf '%s\n' "$@" | awk -v n="$n" '{print $n}'; }
span=$(col 1 "${full[@]}" | median); use=$(col 2 "${full[@]}" | median); limited=$(col 3 "${full[@]}" | median)
rss=$(col 4 "${full[@]}" "${incr[@]}" | sort -n | tail -1); read=$(col 5 "${full[@]}" | median)
requests=$(col 6 "${full[@]}" | median)
ispan=$(col 1 "${incr[@]}" | median); iread=$(col 5 "${incr[@]}" | median)
records_s=$(awk -v n="$read" -v s="$span" 'BEGIN {printf "%.0f", n / (s / 1000)}')
ideal=$(awk -v r="$R" 'BEGIN {printf "%.0f", 100 * r / 10}')
limited_pct=$(awk -v k="$limited" -v q="$requests" 'BEGIN {printf "%.2f", 100 * k / (q > 0 ? q : 1)}')
echo "full sync of $N contacts: median ${span} ms over $RUNS runs, $requests requests, $limited 429s (${limited_pct} %)"
echo "incremental sync after $(( N / 100 )) changes: median ${ispan} ms, read $iread"
echo "budget_use=$use rate_limited=$limited records_s=$records_s ideal_records_s=$ideal peak_rss_mb=$(( rss / 1024 ))"
