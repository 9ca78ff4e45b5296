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
kind `reject`   one candidate rejected (PGMA "Page 1: 2 of 7"): counted apart, not a failure.
kind `query`    group 1 is the search string the agent used (kept per item).

Add a row to teach the counter a new agent; tests/unit/test_read_phrases.py pins them.
NOISE rows are ERROR/CRITICAL messages that are not failures (log-formats.md §5).
"""
from __future__ import absolute_import, division, print_function

import re

PHRASES = [
    # Hama (ZeroQI): one line per AniDB/TVDB candidate with its score.
    ('hama_begin', 'start', br'=== Search - Begin', None, 'Hama search header'),
    ('hama_candidate', 'found', br"search\(\) - \S+ - score: '\s*\d+', id: '", None,
     'Hama lists each candidate it appended'),
    # PhoenixAdult: start markers only; it does not log its result count.
    ('pa_settings', 'start', br'^Getting Search Settings for: ', None, 'PhoenixAdult search start'),
    ('pa_title', 'query', br'^Search Title: (.*)$', None, 'PhoenixAdult search string'),
    # PGMA-Modernized (CodyBerenson): per-page "Titles Found N", explicit empty result.
    ('pgma_titles', 'count', br'SEARCH:: +Titles Found +(\d+)', None, 'PGMA results on a page'),
    ('pgma_none', 'none', br'Search Query did not pull any results', None, 'PGMA empty search'),
    ('pgma_reject', 'reject', br'< ?\w+ Match Failure! ?>', None, 'PGMA rejects ONE candidate'),
    ('pgma_query', 'query', br'SEARCH:: Search Query: (.*)$', None, 'PGMA search URL'),
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


COMPILED_PHRASES = [(name, kind, re.compile(rx), agent) for name, kind, rx, agent, _why in PHRASES]
COMPILED_NOISE = [(name, re.compile(rx), agent) for name, rx, agent, _why in NOISE]

# One regex that says "some phrase may match here" so most lines cost a single search.
ANY_PHRASE = re.compile(b'|'.join(b'(?:' + row[2].lstrip(b'^').rstrip(b'$') + b')' for row in PHRASES))


def match_phrases(msg, agent):
    """[(name, kind, match)] for every phrase row matching `msg` (bytes) for `agent` (text)."""
    hits = []
    if ANY_PHRASE.search(msg) is None:
        return hits
    for name, kind, rx, only in COMPILED_PHRASES:
        if only is not None and only not in (agent or ''):
            continue
        m = rx.search(msg)
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
