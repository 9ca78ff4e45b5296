#!/usr/bin/env bash
# PlexImprovement as a contributing agent inside the REAL Plex plug-in framework (PMS 1.32.2 source),
# with ../shared/realframework/run_bundle: the bundle starts with no CRITICAL line, registers its two
# agent classes (never primary, contributing to Plex's legacy agents and the installed ones), and the
# calls System makes after a primary agent updated an item -- _AgentKit:Search with primary=false and
# the primary's hints, then _AgentKit:UpdateMetadata (System's update after a match) -- are recorded in
# Plug-in Support/Data/<identifier>/contributions.jsonl. The fake PMS answers the item's tree
# (/library/metadata/12/tree), as PMS would. Needs PY27 (CPython 2.7 with lxml + simplejson) and
# PLEX_FW_SNAPSHOT (a fetched squaresmile/Plex-Plug-Ins git dir); make test never runs this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
run=${RUN_BUNDLE:-$repo/../shared/realframework/run_bundle}
[ -x "$run" ] || { echo "run_bundle not found at $run (set RUN_BUNDLE)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/tree.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<MediaContainer size="1" identifier="com.plexapp.plugins.library" librarySectionID="1" librarySectionTitle="Movies">
<MetadataItem id="12" guid="com.plexapp.agents.sampleagent://1081?lang=en" title="Scarlet Fortress Story" metadataType="1">
<MediaItem id="1012" duration="8640000"><MediaPart id="2012" file="/data/movies/Scarlet.Fortress.Story.avi" size="700000000" hash="7c9c3b776284229b" duration="8640000"/></MediaItem>
</MetadataItem>
</MediaContainer>
XML
# The sample agent installed beside it: the contributor classes contribute to it too.
mkdir -p "$work/state/Plex Media Server/Plug-ins"
cp -R tests/harness/pmssim/agents/SampleAgent.bundle "$work/state/Plex Media Server/Plug-ins/"
guid='com.plexapp.agents.sampleagent://1081?lang=en'
hints='{"primary_agent":"com.plexapp.agents.sampleagent","guid":"'$guid'","force":true,"id":"12","parentID":null,"name":"Scarlet Fortress Story"}'
"$run" "$repo/PlexImprovement.bundle" --workdir "$work/state" --pms-response "/library/metadata/12/tree=$work/tree.xml" \
  "CALL _AgentKit:Search {\"media_type\":\"Movie\",\"lang\":\"en\",\"manual\":false,\"kwargs\":$hints,\"version\":0,\"primary\":false}" \
  "CALL _AgentKit:UpdateMetadata {\"media_type\":\"Movie\",\"guid\":\"$guid\",\"id\":\"12\",\"lang\":\"en\",\"dbid\":\"12\",\"parentGUID\":null,\"force\":true,\"version\":0,\"parentID\":null,\"periodic\":false}" \
  > "$work/out.txt" 2>&1
echo "== the agent classes the framework registered"
grep -oE "Creating new agent class called PlexImprovement(Movies|Shows)" "$work/out.txt"
grep -oE "'contributes_to': \[[^]]*\], 'languages': \['xn'\], 'persist_stored_files': True, 'version': 0, 'primary_provider': False" "$work/out.txt" | head -1
grep -q "'contributes_to': \[[^]]*'com.plexapp.agents.sampleagent'" "$work/out.txt"
echo "== the calls System makes after a primary update, and their answers"
grep -E "^=== CALL|^unpacked:" "$work/out.txt" | cut -c1-160
echo "== contributions.jsonl"
records=$(find "$work/state" -name contributions.jsonl)
cat "$records"
grep -q '"event":"search","guid":"'"$guid"'","lang":"en","rating_key":"12"' "$records"
grep -q '"event":"update","guid":"'"$guid"'","lang":"en","rating_key":"12"' "$records"
if grep -n 'CRITICAL' "$work/out.txt"; then echo "CRITICAL lines in the plug-in log" >&2; exit 1; fi
echo "real framework contributor check: OK"
