# -*- coding: utf-8 -*-
"""Agent phrasings and noise, as data: what an agent's own text says about a search.

The framework never logs how many results a search returned (plex-runtime.md §5.5), so
found / not-found is only visible in agent-specific text. Each entry is
(name, kind, regex over the message bytes, agent substring or None, why):

kind `start`    an agent-specific "a search begins" marker: a search witness that opens a new
                search operation on its thread (or joins the one a framework line opened).
kind `weak`     a marker printed many times inside a search: opens an operation only when
                none is open on the thread (prefix-less pastes), never splits one.
kind `found`    the search found at least one candidate.
kind `count`    group 1 is a number of results: > 0 is found, 0 is not found.
kind `none`     the search found nothing.
kind `verdict_found` / `verdict_none`  the agent's own last word on the whole search (PGMA's
                footer `>> Successful!! <<` / `>> Failed <<`): it decides the outcome over
                every `found`/`count`/`none` row of that search (PGMA's per-page
                `Titles Found 3` counts pages' candidates, not accepted titles).
kind `end`      the agent's own "this search is over" line: a search that logged no found
                phrase before it found nothing (Hama's `end: <time>` closes Search()).
kind `reject`   one candidate rejected (PGMA "Page 1: 2 of 7"): counted apart, not a failure.
kind `query`    group 1 is the search string the agent used (kept per item).

Add a row to teach the counter a new agent; tests/unit/test_read_phrases.py pins them.
NOISE rows are ERROR/CRITICAL messages that are not failures (log-formats.md §5).
"""
from __future__ import absolute_import, division, print_function

import re

PHRASES = [
    # Hama (ZeroQI): a header per search, then one line per AniDB/TVDB/TMDb candidate it
    # appended to the results (older: `search() - AniDB - score: '100', id: ...`; current:
    # `[+] score: 100, aid: 23, title: ...`, `TVDB  - score: '100', id: ...`) or the forced id.
    # Its own per-series files (`<series>.agent-search.log`) hold these lines without a prefix.
    ('hama_begin', 'start', br'^=== Search(?: - Begin|\(\) ===)', None, 'Hama search header'),
    ('hama_candidate', 'found', br"search\(\) - \S+ - score: '\s*\d+', id: '", None,
     'Hama (older) lists each candidate it appended'),
    ('hama_anidb_candidate', 'found', br'^\[[+\-]\] score: *\d+, aid: ', None, 'Hama: an AniDB candidate appended'),
    ('hama_db_candidate', 'found', br"^(?:TVDB|TMDB) +- score: '\s*\d+', id: '", None,
     'Hama: a TheTVDB / TMDb candidate appended'),
    ('hama_forced', 'found', br'^Forced ID - source: ', None, 'Hama: the title named its id, appended'),
    ('hama_end', 'end', br'^end: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d', None, 'Hama: the last line of Search()'),
    # PhoenixAdult: start markers only; it does not log its result count.
    ('pa_settings', 'start', br'^Getting Search Settings for: ', None, 'PhoenixAdult (older) search start'),
    ('pa_media_title', 'start', br'^\*\*\*MEDIA TITLE \[from media\.name\]\*\*\* ', None,
     'PhoenixAdult search start'),
    ('pa_title', 'query', br'^Search Title: (.*)$', None, 'PhoenixAdult search string'),
    # PGMA-Modernized (CodyBerenson): per-page "Titles Found N", explicit empty result.
    ('pgma_titles', 'count', br'SEARCH:: +Titles Found +(\d+)', None, 'PGMA results on a page'),
    ('pgma_none', 'none', br'Search Query did not pull any results', None, 'PGMA empty search'),
    ('pgma_reject', 'reject', br'< ?\w+ Match Failure! ?>', None, 'PGMA rejects ONE candidate'),
    ('pgma_query', 'query', br'SEARCH:: Search Query:? +(.*)$', None, 'PGMA search URL'),
    ('pgma_header', 'start', br'SEARCH:: Agent:\s*$', None, 'PGMA search header (logHeader)'),
    ('pgma_success', 'verdict_found', br'SEARCH:: \** ?>> Successful!! << ', None, 'PGMA search footer: a match'),
    ('pgma_failed', 'verdict_none', br'SEARCH:: \** ?>> Failed << ', None, 'PGMA search footer: no match'),
    ('pgma_weak', 'weak', br'SEARCH::', None, 'PGMA breadcrumb inside search'),
    # Audnexus, Sub-Zero search headers.
    ('audnexus_begin', 'start', br'Custom album search for: ', None, 'Audnexus search start'),
    ('subzero_begin', 'start', br'^\S+, (?:movies|series|tv) search\b', None, 'Sub-Zero search start'),
    # Generic phrasings many agents use.
    ('generic_found_n', 'count', br'\b[Ff]ound (\d+) (?:search )?(?:results?|matches|candidates|titles)\b', None,
     '"Found 3 results"'),
    ('generic_n_found', 'count', br'\b(\d+) (?:search )?(?:results?|matches|candidates) (?:found|returned)\b', None,
     '"3 results found"'),
    ('generic_none', 'none', br'\b[Nn]o (?:search )?(?:results?|match(?:es)?)(?: were)?(?: found| returned)?\b', None,
     '"No results", "No match found"'),
    ('generic_found_title', 'found', br'^(?:Found|Matched)(?: title| match)?: \S', None,
     '"Found: Title [1994] id: 12" (one line per accepted candidate)'),
    ('generic_match', 'found', br'(?<![Nn]o )\b(?:[Mm]atch found|[Bb]est match|[Ff]ound match)\b', None,
     '"Match found: ..."'),
]

NOISE = [
    ('pgma_breadcrumb', br'\xe2\x9d\x8c|\xe2\x9a\xa0|File: [^,]+, Line: \d+, Function: ', None,
     'PGMA location breadcrumbs at ERROR'),
    ('hama_success', br'^(?:update|search)\(\) - ', 'hama', 'Hama logs progress at ERROR'),
    ('faking_media', br'No database ID provided - faking the media object', None, 'framework, benign'),
    ('no_route_callback', br'Generating a callback path for a function with no route', None, 'benign'),
]


# (name, kind, find, agent): find(msg) is the row's match; a row anchored at the message
# start is matched there only (`^x` searched would be tried at every position).
COMPILED_PHRASES = [(name, kind, re.compile(rx[1:]).match if rx[:1] == b'^' else re.compile(rx).search, agent)
                    for name, kind, rx, agent, _why in PHRASES]
COMPILED_NOISE = [(name, re.compile(rx), agent) for name, rx, agent, _why in NOISE]

# "Some phrase may match here", so most lines cost one match and one search: the rows
# anchored at the message start in one regex matched there, the others in one searched.
# Every row holding `SEARCH::` starts with it, so the `pgma_weak` row stands for them all.
ANY_AT_START = re.compile(b'|'.join(b'(?:' + row[2][1:] + b')' for row in PHRASES if row[2][:1] == b'^'))
ANY_INSIDE = re.compile(b'|'.join(b'(?:' + row[2] + b')' for row in PHRASES
                                  if row[2][:1] != b'^' and (row[0] == 'pgma_weak' or b'SEARCH::' not in row[2])))


def match_phrases(msg, agent):
    """[(name, kind, match)] for every phrase row matching `msg` (bytes) for `agent` (text)."""
    hits = []
    if ANY_AT_START.match(msg) is None and ANY_INSIDE.search(msg) is None:
        return hits
    for name, kind, find, only in COMPILED_PHRASES:
        if only is not None and only not in (agent or ''):
            continue
        m = find(msg)
        if m is not None:
            hits.append((name, kind, m))
    return hits


def match_noise(msg, agent):
    """The NOISE row name matching an ERROR message, or None."""
    for name, rx, only in COMPILED_NOISE:
        if only is not None and only not in (agent or ''):
            continue
        if rx.search(msg) is not None:
            return name
    return None
