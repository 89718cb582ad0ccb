#!/usr/bin/env bash
# Lighthouse (mobile preset) on every page kind of a trilingual site: the repository's
# own site plus an Urdu edition (this folder's two pages, one of them a stale
# translation), served as static files the way a host serves them.
#
#   bench/lighthouse/run.sh            prints a Markdown table (BENCHMARKS.md, "Lighthouse")
#
# Needs Chromium (CHROME_PATH, default /usr/bin/chromium) and Lighthouse under
# target/ci-tools (.ci/run installs it: npm install lighthouse). Works in $LH_DIR
# (default a folder on /dev/shm).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${LH_DIR:-/dev/shm/patrika-lighthouse}
PORT=${LH_PORT:-8431}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
LIGHTHOUSE="$ROOT/target/ci-tools/node_modules/.bin/lighthouse"
[ -x "$LIGHTHOUSE" ] || (mkdir -p "$ROOT/target/ci-tools" && cd "$ROOT/target/ci-tools" && npm install --no-save --no-audit --no-fund lighthouse >/dev/null)

rm -rf "$WORK" && mkdir -p "$WORK/site" "$WORK/reports"
cp -r "$ROOT/config.toml" "$ROOT/authors.toml" "$ROOT/content" "$ROOT/themes" "$WORK/site/"
cp "$(dirname "$0")/sco-joint-statement.ur.md" "$WORK/site/content/briefings/"
cp "$(dirname "$0")/about.ur.md" "$WORK/site/content/"
cat >> "$WORK/site/config.toml" <<'TOML'

[languages.ur]
name = "اردو"
title = "پتریکا — اسٹریٹجک بریفنگ"
description = "دفاع، سفارت کاری اور علاقائی سلامتی پر مختصر بریفنگ۔"
TOML
(cd "$ROOT" && cargo build --quiet --bin patrika)
"${CARGO_TARGET_DIR:-$ROOT/target}/debug/patrika" build --root "$WORK/site" --output "$WORK/out" \
  --base-url "http://127.0.0.1:$PORT/" >&2

python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/out" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1

echo "| page | lang | performance | accessibility | best practices | SEO | CLS |"
echo "|---|---|---|---|---|---|---|"
for lang in hi en ur; do
  for kind in home section briefing side-by-side search author 404; do
    case $kind in
      home) path="$lang/" ;;
      section) path="$lang/briefings/" ;;
      briefing) path="$lang/briefings/sco-joint-statement/" ;;
      side-by-side) path="$lang/briefings/sco-joint-statement/parallel/" ;;
      search) path="$lang/search/?q=SCO" ;;
      author) path="$lang/authors/rakesh-mishra/" ;;
      404) path="$lang/404.html" ;;
    esac
    report="$WORK/reports/$lang-$kind.json"
    "$LIGHTHOUSE" "http://127.0.0.1:$PORT/$path" --quiet --output=json --output-path="$report" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1 || true
    python3 - "$report" "$kind" "$lang" <<'PY'
import json, sys
path, kind, lang = sys.argv[1:]
try:
    r = json.load(open(path))
except (OSError, ValueError):
    print(f"| {kind} | {lang} | failed | | | | |"); sys.exit()
c = r["categories"]
score = lambda k: "–" if c[k]["score"] is None else str(round(c[k]["score"] * 100))
cls = r["audits"]["cumulative-layout-shift"]["numericValue"]
print(f"| {kind} | {lang} | {score('performance')} | {score('accessibility')} | {score('best-practices')} | {score('seo')} | {cls:.3f} |")
PY
  done
done
