# -*- coding: utf-8 -*-
"""Phase 1 counts on real-format logs (tests/fixtures/realworld/<kind>/), against hand counts.

Each fixture is written in the shapes real agents, the framework and the server write
(../shared/docs/log-formats.md; the agents' own source for their phrasings), one folder per
kind of source the counter used to miss. Every expected number below was counted by hand
from the fixture file, with the reasoning next to it; the definitions are docs/counts.md.
Keys: searches (total_search_ops), found, failed (title_failures), raised
(search_exceptions), unknown (outcome_unknown), url (url_errors), tb (tracebacks).
"""
from __future__ import absolute_import, division, print_function

import os

import pytest

from pleximprovement.read import aggregate

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'realworld')
SHORT = (('searches', 'total_search_ops'), ('found', 'titles_found'), ('failed', 'title_failures'),
         ('raised', 'search_exceptions'), ('unknown', 'outcome_unknown'), ('url', 'url_errors'), ('tb', 'tracebacks'))


def agents_of(kind):
    return aggregate.run_aggregation(os.path.join(FIXTURES, kind))['agents']


def short(entry):
    return dict((name, entry[key]) for name, key in SHORT)


def counts(searches=0, found=0, failed=0, raised=0, unknown=0, url=0, tb=0):
    return dict(searches=searches, found=found, failed=failed, raised=raised, unknown=unknown, url=url, tb=tb)


@pytest.fixture(scope='module')
def agent_words():
    return agents_of('agent_words')


def test_searches_announced_in_the_agents_own_words(agent_words):
    # PhoenixAdult (current source: `***MEDIA TITLE [from media.name]*** <title>` opens each
    # search; no framework `Searching for matches` line in this excerpt). Three such lines ->
    # 3 searches; the second search's `[from directory]` and `[from directory + media.name]`
    # lines are the same search. PhoenixAdult logs no result count -> 3 unknown.
    assert short(agent_words['com.plexapp.agents.phoenixadult']) == counts(searches=3, unknown=3)
    # PGMA-Modernized AEBN: search 1 has the framework line and the agent's `SEARCH:: Agent:`
    # header (one search); `Titles Found 2` but both candidates rejected and the footer says
    # `>> Failed <<` -> failed. Search 2 starts at the header only (excerpt), footer
    # `>> Successful!! <<` -> found. Search 3: header, `did not pull any results: HTTP Error
    # 403` (one failed fetch, http 403), footer Failed -> failed, a failure with an error.
    aebn = agent_words['com.plexapp.agents.aebn']
    assert short(aebn) == counts(searches=3, found=1, failed=2, url=1)
    assert (aebn['statuses'], aebn['title_failures_with_errors']) == ({'403': 1}, 1)


def test_searches_in_the_agents_own_log_files(agent_words):
    # Hama's own files (_Logs/Anime/): three `<series>.agent-search.log` of bare messages, one
    # search each (`=== Search() ===`): Cowboy Bebop `Forced ID` -> found; Naruto two `[+]
    # score:` candidates -> found; Zzz Unknown Show reaches `end: <time>` with no candidate ->
    # failed. `Naruto.agent-update.log` is an update (no search); its `ERROR: ... HTTP Error
    # 503` line is the copy of the one in `_root_.agent.log` (timestamped), which counts once.
    hama = agent_words['com.plexapp.agents.hama']
    assert short(hama) == counts(searches=3, found=2, failed=1, url=1)
    assert (hama['search_ops_private'], hama['search_ops_plugin'], hama['statuses']) == (3, 0, {'503': 1})


def test_searches_seen_only_from_the_server():
    agents = agents_of('server_side')
    # Plex Media Server.log, PMS 1.40 shape (no `Issuing search query`): imdb's three
    # searches each write Request / Sending command / HTTP requesting / `HTTP/1.1 (1.6s) 200
    # response from GET` (another thread) / Completed -- the third lost its Completed line;
    # the UpdateMetadata call is not a search -> 3 searches, outcome unknown.
    assert short(agents['com.plexapp.agents.imdb']) == counts(searches=3, unknown=3)
    # PMS 1.13 shape: thetvdb's two searches each write Issuing + System's Sending command +
    # `HTTP 200 response from GET`; the System plug-in's log shows the same two (`Searching
    # for TV_Show in com.plexapp.agents.thetvdb`) -> 2, not 4.
    assert short(agents['com.plexapp.agents.thetvdb']) == counts(searches=2, unknown=2)
    # hama appears only in the System plug-in's log: two `Searching for ... in` lines -> 2.
    hama = agents['com.plexapp.agents.hama']
    assert short(hama) == counts(searches=2, unknown=2)
    assert (hama['search_ops_system'], hama['search_ops_server']) == (2, 0)
    # System itself searched nothing.
    assert agents['com.plexapp.system']['total_search_ops'] == 0


def test_traceback_tails():
    agents = agents_of('traceback_tails')
    # `    raise HTTPError(...)` + `HTTPError: HTTP Error 403: Forbidden`: one traceback, one
    # failed fetch (http 403).
    assert short(agents['pasted_tail']) == counts(url=1, tb=1)
    assert agents['pasted_tail']['statuses'] == {'403': 1}
    # The exception line alone: the same.
    assert short(agents['lone_exception']) == counts(url=1, tb=1)
    # A log starting mid-traceback (a frame, its code, `URLError: ... [Errno -2] Name or
    # service not known`), then one search that found 1 result.
    mid = agents['com.plexapp.agents.midtrace']
    assert short(mid) == counts(searches=1, found=1, url=1, tb=1)
    assert mid['url_errors_by_class'] == {'dns': 1}
    # One traceback split by rotation: .log.1 ends after its header and one frame, .log goes on
    # with the agent frame and `URLError: <urlopen error timed out>` -> one traceback, one
    # timeout, one search that raised; then a search with `Match found` -> found.
    rotated = agents['com.plexapp.agents.rotated']
    assert short(rotated) == counts(searches=2, found=1, raised=1, url=1, tb=1)
    assert rotated['url_errors_by_class'] == {'timeout': 1}


def test_failed_fetches_at_framework_start():
    # First start: resourceHashes `Error opening URL` + its traceback ending `HTTP Error 404`
    # (one fetch, http 404; one traceback); the agent's own Start() download times out (its
    # ERROR line after a `Requesting` line: one fetch, timeout). Second start: resourceHashes
    # times out (no `Error opening URL`: the framework logs that for an HTTPError only) -> its
    # traceback ends `URLError: <urlopen error timed out>` (one fetch, timeout; one traceback).
    # All three outside any call. One search, `Found 2 results` -> found.
    zeta = agents_of('startup_fetches')['com.plexapp.agents.zeta']
    assert short(zeta) == counts(searches=1, found=1, url=3, tb=2)
    assert (zeta['url_errors_by_class'], zeta['statuses']) == ({'http': 1, 'timeout': 2}, {'404': 1})
    assert (zeta['url_errors_outside_calls'], zeta['restarts']) == (3, 2)


def test_each_failed_request_in_a_search_counts():
    # Search 1 (raised): Requesting A -> Error opening URL A + `HTTP Error 404` (http 404);
    # Requesting B -> the agent's ERROR `<urlopen error timed out>` (timeout, 10 ms later);
    # Requesting C -> Error opening URL C + traceback `HTTP Error 403` (http 403) -> 3 fetches,
    # 1 traceback, counted under its error (not a title failure). Search 2: Requesting B ->
    # timeout ERROR (1 fetch), then `No results` -> failed, a failure with an error.
    multi = agents_of('many_fetches')['com.plexapp.agents.multi']
    assert short(multi) == counts(searches=2, failed=1, raised=1, url=4, tb=1)
    assert (multi['url_errors_by_class'], multi['statuses']) == ({'http': 2, 'timeout': 2}, {'403': 1, '404': 1})
    assert multi['title_failures_with_errors'] == 1


def test_one_search_of_each_outcome_and_both_rates():
    # Found: / No match found / IndexError raised / nothing logged: one each.
    agents = agents_of('outcomes')
    a = agents['com.plexapp.agents.outcomes']
    assert short(a) == counts(searches=4, found=1, failed=1, raised=1, unknown=1, tb=1)
    # specification: found / all searches = 1/4; the loop's: found / known outcomes = 1/3.
    assert (a['success_rate'], a['outcome_known']) == (0.25, 3)
    assert a['success_rate_known'] == pytest.approx(1 / 3.0)
    # An agent with a log and no search has no rate at all.
    idle = agents['com.plexapp.agents.idle']
    assert (idle['total_search_ops'], idle['success_rate'], idle['success_rate_known']) == (0, None, None)


@pytest.fixture(scope='module')
def pasted():
    return aggregate.run_aggregation(os.path.join(FIXTURES, 'pasted'))


def test_pasted_logs(pasted):
    agents = pasted['agents']
    # A blank line between every line (and a line of spaces inside the traceback): search 1
    # Error opening URL + traceback `HTTP Error 503` -> raised, http 503; search 2 `No results`.
    assert short(agents['blank_lines']) == counts(searches=2, failed=1, raised=1, url=1, tb=1)
    # Windows CRLF log, threads `2108`/`d30`, one space after the colon, header at core:574:
    # search 1 Error opening URL + traceback `HTTP Error 429` -> raised; search 2 `Found 3`.
    windows = agents['com.plexapp.agents.windows']
    assert short(windows) == counts(searches=2, found=1, raised=1, url=1, tb=1)
    assert (windows['statuses'], windows['restarts']) == ({'429': 1}, 1)
    # No time or thread prefix: search 1 two requests each timing out (2 fetches), `No
    # results` -> failed; search 2 raised an AttributeError (a traceback).
    assert short(agents['no_timestamps']) == counts(searches=2, failed=1, raised=1, url=2, tb=1)
    # Editor line numbers `101: ` on every line, the traceback's included: 1 search raised,
    # Error opening URL + `HTTP Error 404`.
    numbered = agents['numbered']
    assert short(numbered) == counts(searches=1, raised=1, url=1, tb=1)
    assert numbered['statuses'] == {'404': 1}
    # `cat -n` numbering: 1 search, the agent's `HTTP Error 500` line (1 fetch), `No results`.
    assert short(agents['cat_n']) == counts(searches=1, failed=1, url=1)
    # Console form wrapped by journald (continuation lines too): search 1 raised with
    # Error opening URL + `HTTP Error 503`; search 2 `Found 2 results`.
    subs = agents['com.plexapp.agents.opensubtitles']
    assert short(subs) == counts(searches=2, found=1, raised=1, url=1, tb=1)
    assert subs['statuses'] == {'503': 1}
    # `docker compose logs` column on every line: 1 search raised, `[Errno -3]` -> dns.
    compose = agents['compose']
    assert short(compose) == counts(searches=1, raised=1, url=1, tb=1)
    assert compose['url_errors_by_class'] == {'dns': 1}


def test_pasted_logs_window_and_nothing_skipped(pasted):
    """Line-number gutters and prefixes do not leak into the window's times."""
    assert pasted['window'] == {'start': '2019-02-22 09:52:44', 'end': '2024-03-10 19:00:00'}
    assert pasted['skipped'] == {}


def test_every_tail_traceback_has_its_exception():
    for kind in ('traceback_tails', 'pasted', 'startup_fetches', 'many_fetches'):
        snap = aggregate.run_aggregation(os.path.join(FIXTURES, kind))
        assert all(tb['exception'] != u'(truncated)' for tb in snap['tracebacks']), kind
