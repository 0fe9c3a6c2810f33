#!/usr/bin/env bash
# End-to-end test of the real Pizhu app: Xvfb + tauri-driver (+ WebKitWebDriver)
# + the release binary on a fresh library. Exit code = test result.
#
#   bash tests/e2e/run.sh
#
# Env: PIZHU_BIN (default target/release/pizhu, relative to the repo root),
#      TAURI_DRIVER (default: tauri-driver on PATH, else ~/.cargo/bin/tauri-driver),
#      WEBKIT_WEBDRIVER (default /usr/bin/WebKitWebDriver), E2E_KEEP=1 keeps the temp dir,
#      E2E_TIMEOUT (seconds for the whole test run, default 170).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

BIN="${PIZHU_BIN:-target/release/pizhu}"
[[ "$BIN" = /* ]] || BIN="$ROOT/$BIN"
DRIVER="${TAURI_DRIVER:-$(command -v tauri-driver || echo "$HOME/.cargo/bin/tauri-driver")}"
NATIVE="${WEBKIT_WEBDRIVER:-/usr/bin/WebKitWebDriver}"
TIMEOUT="${E2E_TIMEOUT:-170}"

die() { echo "e2e: $*" >&2; echo "e2e: 0 passed, 1 failed"; exit 2; }
[[ -x "$BIN" ]] || die "app binary not found: $BIN (build it: ui/node_modules/.bin/tauri build, or set PIZHU_BIN)"
BIN="$(realpath "$BIN")"
[[ -x "$DRIVER" ]] || die "tauri-driver not found: $DRIVER (cargo install tauri-driver --locked)"
[[ -x "$NATIVE" ]] || die "WebKitWebDriver not found: $NATIVE (apt install webkit2gtk-driver)"
command -v Xvfb >/dev/null || die "Xvfb not found (apt install xvfb)"
command -v node >/dev/null || die "node not found"

if [[ ! -d "$HERE/node_modules/webdriverio" ]]; then
  (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || die "npm ci failed in tests/e2e"
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pizhu-e2e.XXXXXX")"
XVFB_PID=""
DRIVER_PID=""
cleanup() {
  local rc=$?
  # the driver runs in its own process group (setsid): WebKitWebDriver and the app too
  if [[ -n "$DRIVER_PID" ]]; then
    kill -TERM -- "-$DRIVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 -- "-$DRIVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$DRIVER_PID" 2>/dev/null || true
  fi
  if [[ -n "$XVFB_PID" ]]; then
    kill -TERM "$XVFB_PID" 2>/dev/null || true
    wait "$XVFB_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -s "$WORK/driver.log" ]]; then
    echo "---- tauri-driver / WebKitWebDriver / app output (last 40 lines) ----" >&2
    tail -n 40 "$WORK/driver.log" >&2
  fi
  if [[ "${E2E_KEEP:-}" == 1 ]]; then echo "e2e: kept $WORK" >&2; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- a free X display
DISPLAY_NUM=""
for n in $(seq 99 160); do
  if [[ ! -e "/tmp/.X$n-lock" && ! -e "/tmp/.X11-unix/X$n" ]]; then DISPLAY_NUM=$n; break; fi
done
[[ -n "$DISPLAY_NUM" ]] || die "no free X display"
Xvfb ":$DISPLAY_NUM" -screen 0 1400x900x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do [[ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ]] && break; kill -0 "$XVFB_PID" 2>/dev/null || break; sleep 0.05; done
[[ -e "/tmp/.X11-unix/X$DISPLAY_NUM" ]] || { cat "$WORK/xvfb.log" >&2; die "Xvfb did not start on :$DISPLAY_NUM"; }
export DISPLAY=":$DISPLAY_NUM"

# ---- free ports for tauri-driver (and the WebKitWebDriver behind it)
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PORT=""
for p in 4444 $(seq 4450 2 4520); do
  if port_free "$p" && port_free $((p + 1)); then PORT=$p; break; fi
done
[[ -n "$PORT" ]] || die "no free port for tauri-driver"

# ---- a hermetic environment for the app: fresh library, fresh WebKit storage
mkdir -p "$WORK/data" "$WORK/xdg-data" "$WORK/xdg-config" "$WORK/xdg-cache" "$WORK/runtime" "$HERE/artifacts" "$ROOT/docs"
chmod 700 "$WORK/runtime"
export XDG_DATA_HOME="$WORK/xdg-data" XDG_CONFIG_HOME="$WORK/xdg-config" XDG_CACHE_HOME="$WORK/xdg-cache" XDG_RUNTIME_DIR="$WORK/runtime"
export LANG=C.UTF-8 LANGUAGE=zh_CN:zh NO_AT_BRIDGE=1
export WEBKIT_DISABLE_COMPOSITING_MODE=1 WEBKIT_DISABLE_DMABUF_RENDERER=1 LIBGL_ALWAYS_SOFTWARE=1
rm -f "$HERE"/artifacts/FAILED-*.png
# E2E_LIBRARY=DIR starts from a copy of an existing library (benchmarks).
[[ -n "${E2E_LIBRARY:-}" ]] && cp -r "$E2E_LIBRARY"/. "$WORK/data/"

# A private D-Bus session bus, so the single-instance plugin works as on a desktop.
DBUS=()
command -v dbus-run-session >/dev/null && DBUS=(dbus-run-session --)
setsid "${DBUS[@]}" "$DRIVER" --port "$PORT" --native-port $((PORT + 1)) --native-driver "$NATIVE" >"$WORK/driver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 100); do
  port_free "$PORT" || break
  kill -0 "$DRIVER_PID" 2>/dev/null || { cat "$WORK/driver.log" >&2; die "tauri-driver exited"; }
  sleep 0.1
done
port_free "$PORT" && die "tauri-driver is not listening on $PORT"

echo "e2e: app $BIN, display $DISPLAY, tauri-driver :$PORT, library $WORK/data"
set +e
E2E_TIMEOUT="$TIMEOUT" PIZHU_BIN="$BIN" E2E_DATA_DIR="$WORK/data" E2E_DRIVER_PORT="$PORT" E2E_SHOTS="$ROOT/docs" E2E_ARTIFACTS="$HERE/artifacts" \
  timeout --kill-after=10 "$TIMEOUT" node "$HERE/run-tests.mjs" "$@"
RC=$?
set -e
if [[ $RC -eq 124 || $RC -eq 137 ]]; then
  echo "e2e: the test run timed out after ${TIMEOUT}s"
  echo "e2e: 0 passed, 1 failed"
fi
exit $RC
