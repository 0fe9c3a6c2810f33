#!/usr/bin/env bash
# Sets up (Debian/Ubuntu), builds the release app and opens it on the
# bundled speech. Arguments go to pizhu (e.g. --data-dir DIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup-debian.sh" --app
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cd "$root"
# Rebuild the UI only when its sources changed: the binary embeds ui/dist,
# so a fresh dist means relinking the app.
stamp=ui/dist/index.html
if [ ! -f "$stamp" ] || [ -n "$(find ui/src ui/index.html ui/package-lock.json ui/vite.config.ts -newer "$stamp" -print -quit)" ]; then
  npm --prefix ui run build --silent
fi
# The same build as `tauri build`: release, assets embedded (custom-protocol).
cargo build --release --features tauri/custom-protocol --bin pizhu
exec "${CARGO_TARGET_DIR:-$root/target}/release/pizhu" "$@"
