# -*- coding: utf-8 -*-
"""read/phrases.py: the phrase table rows decide a search's outcome; noise rows."""
from __future__ import absolute_import, division, print_function

import re

import pytest
from hypothesis import given, settings

from pleximprovement.read import phrases

from log_lines import MATCHES, RESPONSE, SEARCH, messages, run


def outcome(agent_line, agent='a'):
    a = run([SEARCH, MATCHES, b'INFO (__init__:1) - ' + agent_line, RESPONSE], agent)
    assert a['total_search_ops'] == 1
    if a['titles_found']:
        return 'found'
    if a['title_failures']:
        return 'failed'
    return 'unknown'


@pytest.mark.parametrize('line,expected', [
    (b"search() - AniDB - score: '100', id: '   12', title: 'X' ", 'found'),
    (b'AEBN - SEARCH:: Titles Found          3 Processing Results Page:  1', 'found'),
    (b'AEBN - SEARCH:: Titles Found          0 Processing Results Page:  1', 'failed'),
    (b'AEBN - SEARCH:: Error: Search Query did not pull any results: x', 'failed'),
    (b'AEBN - SEARCH:: < Title Match Failure! > Page 1: 1 of 3', 'unknown'),
    (b'Found 3 results', 'found'),
    (b'Found 0 results', 'failed'),
    (b'2 matches found', 'found'),
    (b'No results found for T', 'failed'),
    (b'No match found', 'failed'),
    (b'Match found: T (2001)', 'found'),
    (b'Search Title: T', 'unknown'),
    (b'Found: Quiet Mountain [1954] id: 1028 score: 100', 'found'),
    (b'Matched: T (2001)', 'found'),
    (b'Found nothing for T', 'unknown'),
    (b'something else entirely', 'unknown'),
    # Hama (current source): candidate lines of AniDB, TheTVDB / TMDb, a forced id; the last
    # line of Search() without one before it is a search that found nothing.
    (b"[+] score: 100, aid:    23, title: 'Cowboy Bebop', title_cleansed: cowboy bebop", 'found'),
    (b'[-] score:  40, aid:  4880, title: "Naruto Shippuuden"', 'found'),
    (b"TVDB  - score: '100', id: ' 76885', title: 'Cowboy Bebop'", 'found'),
    (b"Forced ID - source: anidb, id: 23, title: 'Cowboy Bebop'", 'found'),
    (b'end: 2024-03-10 10:00:00,140210', 'failed'),
    (b'[=] best_score: 100, best_aid:    23, best_title: Cowboy Bebop', 'unknown'),
    # PGMA-Modernized's footer is its verdict on the whole search.
    (b'AEBN  - SEARCH:: ' + b' >> Successful!! << '.center(131, b'*'), 'found'),
    (b'AEBN  - SEARCH:: ' + b' >> Failed << '.center(131, b'*'), 'failed'),
    (b'AEBN  - SEARCH:: ' + b' >> AEBN: Finished Search Routine << '.center(131, b'*'), 'unknown'),
])
def test_outcome_phrases(line, expected):
    assert outcome(line) == expected


def test_a_verdict_decides_over_the_other_phrases():
    """PGMA's `Titles Found 2` counts a page's candidates; its footer says none was taken."""
    pre = b'INFO (utils:5489) - AEBN  - SEARCH:: '
    a = run([SEARCH, MATCHES, pre + b'Titles Found                  2 Processing Results Page:  1',
             pre + b' >> Failed << '.center(131, b'*'), RESPONSE])
    assert (a['titles_found'], a['title_failures']) == (0, 1)
    a = run([SEARCH, MATCHES, b'INFO (__init__:1) - [+] score: 100, aid: 23, title: x',
             b'INFO (__init__:1) - end: 2024-03-10 10:00:00,1', RESPONSE])
    assert (a['titles_found'], a['title_failures']) == (1, 0)


def test_agent_start_lines_open_one_search_each():
    """PhoenixAdult's `***MEDIA TITLE [from media.name]***`, Hama's `=== Search() ===` and
    PGMA's `SEARCH:: Agent:` open a search; PhoenixAdult's `[from directory]` retries do not."""
    lines = [b'INFO (__init__:81) - ***MEDIA TITLE [from media.name]*** Site 2021 07 20 X',
             b'INFO (__init__:90) - ***MEDIA TITLE [from directory]*** Site',
             b'INFO (__init__:98) - ***MEDIA TITLE [from directory + media.name]*** Site X',
             b'INFO (__init__:81) - ***MEDIA TITLE [from media.name]*** Y',
             b'INFO (__init__:90) - ' + b'=== Search() ==='.ljust(157, b'='),
             b'INFO (__init__:90) - ' + b'=== AniDB.Search() ==='.ljust(157, b'='),
             b'INFO (utils:5489) - AEBN  - SEARCH:: Agent:',
             b'INFO (utils:5489) - AEBN  - SEARCH::   > Name:                        AEBN']
    assert run(lines)['total_search_ops'] == 4


PIECES = (b'SEARCH:: ', b'Titles Found  3', b'Agent:', b'>> Failed << ', b'>> Successful!! << ', b'***', b'*',
          b'MEDIA TITLE [from media.name]*** ', b'[+] score: 9, aid: ', b'TVDB  - score: \' 9\', id: \'',
          b'Forced ID - source: ', b'end: 2024-03-10 10:00:00', b'=== Search() ===', b'=== Search - Begin',
          b'Found 2 results', b'No results', b'Match found', b'Search Title: x', b'< Title Match Failure! >',
          b'search() - AniDB - score: \'1\', id: \'', b'Getting Search Settings for: ', b'x', b' ', b'2')


@settings(max_examples=500, deadline=None)
@given(messages(PIECES))
def test_prechecks_find_what_every_row_finds(msg):
    """match_phrases' two pre-check regexes (rows anchored at the start matched there, the
    others searched; pgma_weak's `SEARCH::` standing for the rows that start with it) let
    through every message one of the rows matches, as the rows alone would find them."""
    for name, kind, rx, agent, why in phrases.PHRASES:
        if b'SEARCH::' in rx:
            assert rx.startswith(b'SEARCH::'), name
    plain = [(name, kind) for name, kind, rx, only, why in phrases.PHRASES
             if only is None and re.search(rx, msg) is not None]
    assert [(name, kind) for name, kind, m in phrases.match_phrases(msg, 'a')] == plain


def test_found_wins_over_not_found_in_one_search():
    a = run([SEARCH, MATCHES, b'INFO (x:1) - No results on page 2', b'INFO (x:1) - Found 1 result', RESPONSE])
    assert (a['titles_found'], a['title_failures']) == (1, 0)


def test_noise_rows():
    assert phrases.match_noise(u'AEBN - SEARCH:: \u274c File: a.py, Line: 1, Function: f'.encode('utf-8'), 'x')
    assert phrases.match_noise(b'update() - AniDB title', 'com.plexapp.agents.hama') == 'hama_success'
    assert phrases.match_noise(b'update() - AniDB title', 'other') is None
