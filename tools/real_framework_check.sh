#!/usr/bin/env bash
# Start PlexImprovement.bundle inside the REAL Plex plug-in framework (PMS 1.32.2 source) with
# ../shared/realframework/run_bundle, and drive every main-menu entry plus one aggregation and
# diagnosis over the Phase 1 fixture logs. Needs PY27 (CPython 2.7 with lxml + simplejson) and
# PLEX_FW_SNAPSHOT (a fetched squaresmile/Plex-Plug-Ins git dir); CI never runs this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
run=${RUN_BUNDLE:-$repo/../shared/realframework/run_bundle}
[ -x "$run" ] || { echo "run_bundle not found at $run (set RUN_BUNDLE)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/logs"
cp -R tests/fixtures/logs/server/. "$work/logs/"
bundle="$repo/PlexImprovement.bundle"
p='{prefix}'
echo "== 1. every main-menu entry"
"$run" "$bundle" --workdir "$work/state" "$p" "$p/status" "$p/stop" "$p/reports" \
  "$p/unavailable?item=MENU_RUN_LOOP" "$p/unavailable?item=MENU_APPLY_FIX" "$p/unavailable?item=MENU_TEST_FIX" \
  "$p/unavailable?item=MENU_POSTMORTEM" "$p/unavailable?item=MENU_APPLIED_FIXES" "/:/plugins/{identifier}/prefs" \
  > "$work/1.txt" 2>&1
grep -E '^=== (GET|pipe)' "$work/1.txt"
echo "== 2. Aggregate logs (fixture logs), then Diagnose, each in a fresh plug-in process"
"$run" "$bundle" --workdir "$work/state" \
  "/:/plugins/{identifier}/prefs/set?logs_path=$work/logs&log_window_hours=0" "$p/aggregate" --settle 5 \
  > "$work/2.txt" 2>&1
"$run" "$bundle" --workdir "$work/state" "$p/diagnose" --settle 5 > "$work/3.txt" 2>&1
"$run" "$bundle" --workdir "$work/state" "$p/status" > "$work/4.txt" 2>&1
grep -E 'Directory title' "$work/4.txt"
if grep -n 'CRITICAL' "$work"/[1-4].txt; then echo "CRITICAL lines in the plug-in log" >&2; exit 1; fi
echo "real framework check: OK"
