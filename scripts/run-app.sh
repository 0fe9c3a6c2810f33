#!/usr/bin/env bash
# Sets up (Debian/Ubuntu), builds the release app and opens it on the
# bundled speech. Arguments go to pizhu (e.g. --data-dir DIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup-debian.sh" --app
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
cd "$root"
npm --prefix ui run build --silent
# The same build as `tauri build`: release, assets embedded (custom-protocol).
cargo build --release --features tauri/custom-protocol --bin pizhu
exec "${CARGO_TARGET_DIR:-$root/target}/release/pizhu" "$@"
