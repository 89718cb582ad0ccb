#!/usr/bin/env bash
# Times `patrika deploy` of a generated corpus to a local S3 server (moto, issue 24):
# the first deploy, a deploy of an unchanged rebuild, a one-edit redeploy, and an
# unchanged deploy without the deploy manifest (every object asked about one by one).
#
#   bench/deploy.sh                 10,000 pairs
#   PAIRS=1000 bench/deploy.sh      another size
#   BENCH_BUILD=0 bench/deploy.sh   use the release binaries already built
#
# Needs moto (python3 -m venv target/moto && target/moto/bin/pip install 'moto[server]').
# Everything happens under $BENCH_DIR (default /dev/shm/patrika-deploy-bench, a tmpfs).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_DIR:-/dev/shm/patrika-deploy-bench}
PAIRS=${PAIRS:-10000}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
MOTO=${PATRIKA_MOTO_SERVER:-$ROOT/target/moto/bin/moto_server}
mkdir -p "$WORK"

if [ "${BENCH_BUILD:-1}" = 1 ]; then
  (cd "$ROOT" && cargo build --release --quiet --bin patrika --example corpus)
fi
PATRIKA="$TARGET/release/patrika"
SITE="$WORK/corpus-$PAIRS"
[ -d "$SITE" ] || "$TARGET/release/examples/corpus" --pairs "$PAIRS" --seed 1 --out "$SITE" >&2

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$MOTO" -p "$PORT" > "$WORK/moto.log" 2>&1 &
MOTO_PID=$!
trap 'kill "$MOTO_PID" 2>/dev/null || true' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.2; done
curl -s -X PUT "http://127.0.0.1:$PORT/bench" > /dev/null

grep -q '^\[deploy\]' "$SITE/config.toml" || printf '\n[deploy]\ntarget = "s3://bench/site?region=us-east-1&endpoint=http://127.0.0.1:%s"\n' "$PORT" >> "$SITE/config.toml"
sed -i "s|endpoint=http://127.0.0.1:[0-9]*|endpoint=http://127.0.0.1:$PORT|" "$SITE/config.toml"
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench

# run NAME: one deploy; prints "| NAME | files | bytes | seconds |" from its own summary lines.
run() {
  local name=$1
  local start end
  start=$(date +%s.%N)
  "$PATRIKA" deploy --root "$SITE" > "$WORK/$name.out" 2> "$WORK/$name.err" || { cat "$WORK/$name.err" >&2; exit 1; }
  end=$(date +%s.%N)
  local plan summary
  plan=$(head -1 "$WORK/$name.out")
  summary=$(tail -1 "$WORK/$name.out")
  printf '| %s | %s | %s | %.1f s |\n' "$name" \
    "$(echo "$summary" | sed -E 's/.*uploaded ([0-9]+) files? \(([^)]*)\).*/\1 (\2)/')" \
    "$(echo "$plan" | sed -E 's/.* ([0-9]+) checked one by one/\1/')" \
    "$(echo "$end - $start" | bc -l)"
}

"$PATRIKA" build --root "$SITE" >&2
echo "$(find "$SITE/public" -type f | wc -l) files, $(du -sh --apparent-size "$SITE/public" | cut -f1) built" >&2
printf '| deploy (%s pairs) | uploaded | checked one by one | wall time |\n|---|---:|---:|---:|\n' "$PAIRS"
run "first deploy"
"$PATRIKA" build --root "$SITE" >&2
run "unchanged rebuild"
FILE=$(find "$SITE/content/briefings" -name '*.hi.md' | sort | sed -n 5000p)
[ -n "$FILE" ] || FILE=$(find "$SITE/content/briefings" -name '*.hi.md' | sort | head -1)
printf '\nएक नया वाक्य जोड़ा गया।\n' >> "$FILE"
"$PATRIKA" build --root "$SITE" >&2
run "one edited briefing"
# moto's boto3 (installed with it) removes the manifest, as a store that lost it would.
"$(dirname "$MOTO")/python" - "$PORT" <<'PY'
import sys, boto3
s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1")
s3.delete_object(Bucket="bench", Key="site/.patrika-deploy.json")
PY
run "unchanged, no manifest"
