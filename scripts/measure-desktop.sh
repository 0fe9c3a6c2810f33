#!/usr/bin/env bash
# Desktop benchmark (Linux, Xvfb): time from launch to the speech painted,
# and idle memory (RSS and PSS) of the whole process tree (pizhu and its
# WebKit processes). Usage: scripts/measure-desktop.sh [BIN] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${1:-${CARGO_TARGET_DIR:-$root/target}/release/pizhu}"
runs="${2:-5}"
work="$(mktemp -d)"
display=":$((90 + RANDOM % 9))"
Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
sleep 1

tree() { # pid and all descendants
  local p=$1; echo "$p"
  for c in $(pgrep -P "$p" || true); do tree "$c"; done
}
mem_kb() { # field (Rss|Pss) summed over the tree
  local sum=0 v
  for p in $(tree "$1"); do
    v=$(awk -v f="$2:" '$1==f {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    sum=$((sum + ${v:-0}))
  done
  echo "$sum"
}

echo "| run | library | launch → speech painted (ms) | idle RSS (MB) | idle PSS (MB) |"
echo "|---|---|---|---|---|"
for i in $(seq 1 "$runs"); do
  [ "$i" = 1 ] && state="new" || state="existing"
  DISPLAY=$display PIZHU_TRACE_STARTUP=1 "$bin" --data-dir "$work/lib" 2>"$work/err" &
  pid=$!
  for _ in $(seq 300); do grep -q "painted" "$work/err" && break; sleep 0.05; done
  ms=$(sed -n 's/.*painted \([0-9]*\) ms.*/\1/p' "$work/err" | head -n 1)
  sleep 5
  rss=$(mem_kb "$pid" Rss); pss=$(mem_kb "$pid" Pss)
  echo "| $i | $state | ${ms:-?} | $((rss / 1024)) | $((pss / 1024)) |"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  sleep 0.5
done

# Search-as-you-type on a library of 10,000 notes over 100 documents (about
# 100 highlights on the open one), in the real app.
lib="$work/lib10k"
PIZHU_BENCH_DOCS=100 PIZHU_BENCH_LIBRARY="$lib" cargo bench -q --workspace --features tauri/custom-protocol --bench notes -- 10000 >/dev/null
E2E_LIBRARY="$lib" PIZHU_BIN="$bin" bash "$root/tests/e2e/run.sh" search-latency.bench.mjs | grep -E "search-latency:|e2e:"
