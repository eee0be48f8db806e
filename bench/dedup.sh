#!/usr/bin/env bash
# Benchmark: ./caravan dedup crm contacts over N contacts (default 1,000,000) of which about 10 % are
# duplicates of another contact (e-mail in another case with spaces, or the same phone in another format
# and the same last name), with N/5 activities, a third of them at duplicates (re-pointed by the merge).
# Imports into the embedded H2 warehouse in bench/work/dedup (or the warehouse CARAVAN_DB_URL names, e.g.
# jdbc:postgresql://…, which is emptied of crm rows first), with the pass after each import turned off
# (CARAVAN_DEDUP_AFTER_RUN=false), then times a dry run and the real pass. Prints:
#   import_s        time of the two imports (contacts, activities)
#   dry_run_ms      ./caravan dedup --dry-run (finding the groups only)
#   dedup_ms        ./caravan dedup (finding and merging, children re-pointed)
#   groups, merged, repointed, peak_rss_mb of the pass
# Usage: bench/dedup.sh [N]
set -euo pipefail
N="${1:-1000000}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/bench/work/dedup"
mkdir -p "$work"
export JAVA_OPTS="${JAVA_OPTS:--Xmx512m}"
export CARAVAN_DEDUP_AFTER_RUN=false CARAVAN_QUALITY_AFTER_RUN=false
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (Debian: apt-get install time)" >&2; exit 2; }

# contacts: every 10th row copies the contact 5 rows before it (alternately by e-mail or by phone + last name)
awk -v n="$N" 'BEGIN {
  split("512 303 614 937 210 720", area, " ");
  print "contact_id,first_name,last_name,email,phone";
  for (i = 1; i <= n; i++) {
    if (i % 10 == 0 && i > 5) {
      j = i - 5;
      if (i % 20 == 0) printf "C%d,Pat,Last%d,\" PERSON%d@Example.COM \",\n", i, j, j;
      else printf "C%d,Pat,Last%d,,+1 (%s) %03d-%04d\n", i, j, area[1 + j % 6], 200 + int(j / 10000) % 800, j % 10000;
    } else {
      printf "C%d,Pat,Last%d,person%d@example.com,%s.%03d.%04d\n", i, i, i, area[1 + i % 6], 200 + int(i / 10000) % 800, i % 10000;
    }
  }
}' > "$work/contacts.csv"
awk -v n="$N" 'BEGIN {
  print "activity_id,contact_id,activity_type,activity_at";
  for (i = 1; i <= n / 5; i++) {
    c = (i % 3 == 0) ? int(i * 5 / 10) * 10 : i * 5 - 1;   # a third at duplicates (multiples of 10)
    if (c < 10) c = 10;
    printf "A%d,C%d,call,2025-07-01T10:00:00Z\n", i, c;
  }
}' > "$work/activities.csv"

if [ -z "${CARAVAN_DB_URL:-}" ]; then
  rm -rf "$work/h2"
  export CARAVAN_DB_URL="jdbc:h2:file:$work/h2/caravan"
fi
(cd "$root" && ./caravan objects >/dev/null)   # builds the application when needed, outside the timings

t0=$(date +%s%N)
"$root/caravan" import crm contacts "$work/contacts.csv" --force --json > "$work/import-contacts.json"
"$root/caravan" import crm activities "$work/activities.csv" --force --json > "$work/import-activities.json"
t1=$(date +%s%N)
echo "import_s $(( (t1 - t0) / 1000000000 ))  ($(grep -o '"inserted":[0-9]*' "$work/import-contacts.json" | head -1) contacts, $(grep -o '"inserted":[0-9]*' "$work/import-activities.json" | head -1) activities)"

/usr/bin/time -v -o "$work/time-dry.txt" "$root/caravan" dedup crm contacts --dry-run --json --show 0 > "$work/dry.json"
/usr/bin/time -v -o "$work/time-pass.txt" "$root/caravan" dedup crm contacts --json --show 0 > "$work/pass.json"
field() { grep -o "\"$1\":[0-9]*" "$2" | head -1 | cut -d: -f2; }
rss() { awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); printf "%d", $2 / 1024}' "$1"; }
echo "dry_run_ms $(field durationMs "$work/dry.json")  groups $(field groups "$work/dry.json")  pending $(field pendingMerges "$work/dry.json")  peak_rss_mb $(rss "$work/time-dry.txt")"
echo "dedup_ms $(field durationMs "$work/pass.json")  (finding groups $(field planMs "$work/pass.json") ms)  merged $(field merged "$work/pass.json")  repointed $(field childrenRepointed "$work/pass.json")  peak_rss_mb $(rss "$work/time-pass.txt")"
