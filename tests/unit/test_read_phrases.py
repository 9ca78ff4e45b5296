# -*- coding: utf-8 -*-
"""read/phrases.py: the phrase table rows decide a search's outcome; noise rows."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.read import phrases

from log_lines import MATCHES, RESPONSE, SEARCH, run


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
])
def test_outcome_phrases(line, expected):
    assert outcome(line) == expected


def test_found_wins_over_not_found_in_one_search():
    a = run([SEARCH, MATCHES, b'INFO (x:1) - No results on page 2', b'INFO (x:1) - Found 1 result', RESPONSE])
    assert (a['titles_found'], a['title_failures']) == (1, 0)


def test_noise_rows():
    assert phrases.match_noise(u'AEBN - SEARCH:: \u274c File: a.py, Line: 1, Function: f'.encode('utf-8'), 'x')
    assert phrases.match_noise(b'update() - AniDB title', 'com.plexapp.agents.hama') == 'hama_success'
    assert phrases.match_noise(b'update() - AniDB title', 'other') is None
