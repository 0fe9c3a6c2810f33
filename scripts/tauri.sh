#!/usr/bin/env bash
# Runs the Tauri CLI (from ui/node_modules) with the project's layout made
# explicit: the app (tauri.conf.json, Cargo.toml) at the root, the frontend in
# ui/. Without these the CLI guesses the frontend by the first package.json it
# finds, which is not always ui/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export TAURI_APP_PATH="$root"
export TAURI_FRONTEND_PATH="$root/ui"
cd "$root"
exec "$root/ui/node_modules/.bin/tauri" "$@"
