# -*- coding: utf-8 -*-
"""Refreshes are asynchronous like on PMS: the PUT returns at once, an Activity (and the
section's refreshing flag) shows the work, and both disappear when it is done (the agent step
replaced by a gate) -- though a single item's Activity may come late or never (plex-runtime.md
7.3). With the sample agent hosted, a refresh really runs it in the emulator: search then
update, several items at once in parallel threads, the outcome stored on the item, the
plug-in log in the framework's format, the server log lines around it; failures show up in
the logs for their real reasons. Where the sources are silent the refresh follows the
switchable assumptions (harness.pmssim.assumptions: S1, S2, S5, S8)."""
from __future__ import absolute_import, division, print_function

import os
import re
import threading
from xml.etree import ElementTree

from harness.pmssim import fakesite
from harness.pmssim.assumptions import Assumptions
from harness.pmssim.plugins import SAMPLE_AGENT_ID
from harness.pmssim.refresh import error_class

from .conftest import (PLUGIN_LINE, assert_plugin_log_format, call, findable, interleaved, pick, plugin_log,
                       read_text, refresh, system_log, update_overlap)


def gated(sim):
    """Replace the agent step with one that waits for the returned event."""
    gate = threading.Event()
    entered = threading.Event()
    processed = []

    def process(item, force):
        entered.set()
        gate.wait(60)
        processed.append(item.rating_key)
        return sim.finish(item, {'ratingKey': item.rating_key, 'searched': True, 'results': 0, 'force': force,
                                 'matched': False, 'updated': False, 'error': None, 'phase': 'search'})
    sim.process = process
    return gate, entered, processed


def xml(sim, path):
    status, _h, body = call(sim.base_url, path, token=sim.token)
    assert status == 200
    return ElementTree.fromstring(body)


def test_item_refresh_is_an_activity_until_done(make_sim):
    sim = make_sim(assumptions=Assumptions(item_activity='shown'))
    gate, entered, processed = gated(sim)
    status, _h, body = call(sim.base_url, '/library/metadata/5/refresh?force=1', token=sim.token, method='PUT')
    assert status == 200 and body == b''
    entered.wait(60)
    activities = xml(sim, '/activities')
    assert activities.get('size') == '1'
    activity = activities.find('Activity')
    for name in ('uuid', 'type', 'title', 'subtitle', 'progress', 'cancellable'):
        assert activity.get(name) is not None, name
    assert activity.get('type') == 'library.refresh.items'
    assert activity.find('Context').get('librarySectionID') == '1'
    gate.set()
    assert sim.wait_idle(60)
    assert processed == [5] and xml(sim, '/activities').get('size') == '0'


def test_section_refresh_sets_refreshing_and_covers_every_item(make_sim):
    sim = make_sim()
    gate, entered, processed = gated(sim)
    assert call(sim.base_url, '/library/sections/1/refresh?force=1', token=sim.token)[0] == 200
    entered.wait(60)
    assert xml(sim, '/library/sections').find('Directory').get('refreshing') == '1'
    gate.set()
    assert sim.wait_idle(60)
    assert sorted(processed) == list(range(1, 13))
    assert xml(sim, '/library/sections').find('Directory').get('refreshing') == '0'


def test_hidden_item_refresh_runs_without_an_activity(make_sim):
    sim = make_sim(assumptions=Assumptions(item_activity='hidden'))
    gate, entered, processed = gated(sim)
    assert call(sim.base_url, '/library/metadata/5/refresh', token=sim.token, method='PUT')[0] == 200
    assert entered.wait(60)
    assert xml(sim, '/activities').get('size') == '0'  # running, yet nothing to poll
    gate.set()
    assert sim.wait_idle(60) and processed == [5]


def test_late_item_refresh_shows_nothing_at_first(make_sim):
    """Polling /activities right after the PUT sees nothing although the refresh has not run yet."""
    sim = make_sim(assumptions=Assumptions(item_activity='late', activity_delay=0.6))
    gate, entered, processed = gated(sim)
    assert call(sim.base_url, '/library/metadata/5/refresh', token=sim.token, method='PUT')[0] == 200
    assert xml(sim, '/activities').get('size') == '0'
    assert not entered.is_set() and processed == []
    assert entered.wait(60)
    assert xml(sim, '/activities').get('size') == '1'
    gate.set()
    assert sim.wait_idle(60) and processed == [5]
    assert xml(sim, '/activities').get('size') == '0'


def test_seeded_item_activities_differ_between_refreshes(make_sim):
    """The default mixes shown, late and hidden Activities, the same way for the same seed."""
    sim = make_sim(assumptions=Assumptions(activity_delay=0.02))
    gate, _entered, _processed = gated(sim)
    gate.set()
    kinds = []
    for _number in range(30):
        kinds.append(sim.refresh_item(3).activity)
        assert sim.wait_idle(60)
    assert set(kinds) == set(['shown', 'late', 'hidden'])


def test_item_refresh_force_is_an_assumption(tmpdir, make_sim):
    """plexapi's refresh sends no force; whether PMS then forces the update is S9."""
    for name, rules, expected in (('forced', Assumptions(activity_delay=0.1), [True, True, False]),
                                  ('as_asked', Assumptions(item_refresh_force='as_asked', activity_delay=0.1),
                                   [False, True, False])):
        sim = make_sim(app_support=os.path.join(str(tmpdir), name), assumptions=rules)
        gate, _entered, _processed = gated(sim)
        gate.set()
        for query in ('', '?force=1', '?force=0'):
            call(sim.base_url, '/library/metadata/2/refresh' + query, token=sim.token, method='PUT')
            assert sim.wait_idle(60)
        assert [o['force'] for o in sim.items[2].history] == expected, name


def test_unforced_scan_refreshes_nothing_by_default(make_sim):
    """Assumption A2 (stricter): a scan finds no new or changed file, so no item is refreshed."""
    sim = make_sim()
    gate, _entered, processed = gated(sim)
    gate.set()
    sim.items[1].guid = u'%s://1?lang=en' % SAMPLE_AGENT_ID
    assert call(sim.base_url, '/library/sections/1/refresh', token=sim.token)[0] == 200
    assert sim.wait_idle(60)
    assert processed == []


def test_unforced_scan_searches_unmatched_items_when_assumed(make_sim):
    sim = make_sim(assumptions=Assumptions(unforced_scan='unmatched'))
    gate, _entered, processed = gated(sim)
    gate.set()
    sim.items[1].guid = u'%s://1?lang=en' % SAMPLE_AGENT_ID
    call(sim.base_url, '/library/sections/1/refresh', token=sim.token)
    assert sim.wait_idle(60)
    assert sorted(processed) == list(range(2, 13))


def test_refresh_runs_search_then_update_and_stores_the_match(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = findable(sim)
    video = refresh(sim, item)
    site_entry = item.entry.site
    assert video.get('guid') == u'%s://%s?lang=en' % (SAMPLE_AGENT_ID, site_entry.site_id)
    assert video.get('title') == site_entry.title and video.get('year') == str(site_entry.year)
    assert video.get('summary') == site_entry.summary and video.get('thumb')
    assert sorted(g.get('tag') for g in video.findall('Genre')) == sorted(site_entry.genres)
    assert int(video.get('updatedAt')) >= int(video.get('addedAt'))
    outcome = item.history[-1]
    assert outcome['searched'] and outcome['matched'] and outcome['updated'] and not outcome['error']

    text = plugin_log(sim)
    assert_plugin_log_format(text)
    assert re.search(r"INFO \(agentkit:\d+\) - Searching for matches for \{", text)
    assert u'Search Title: %s' % item.entry.scanned_title in text
    assert u'Found: %s' % site_entry.title in text and u'Update Finished: ' in text
    assert "DEBUG (networking:144) - Requesting 'http://127.0.0.1:" in text

    server = read_text(sim.server_log.path)
    assert u'Starting plug-in %s.' % sim.agent_bundle_path in server
    assert re.search(r'Issuing search query: \S+/system/agents/search\?\S*identifier=%s'
                     % re.escape(SAMPLE_AGENT_ID), server)
    assert u'PUT /library/metadata/%d/refresh' % item.rating_key in server


def test_matched_item_is_refreshed_with_update_only(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = findable(sim)
    refresh(sim, item)
    refresh(sim, item)
    assert [o['searched'] for o in item.history] == [True, False]
    assert item.history[-1]['updated']


def test_matched_item_is_searched_again_when_assumed(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True,
                   assumptions=Assumptions(matched_refresh='search_again'))
    item = findable(sim)
    refresh(sim, item)
    refresh(sim, item)
    assert [o['searched'] for o in item.history] == [True, True]
    assert item.history[-1]['updated'] and item.matched


def test_refreshes_run_in_parallel_threads(make_sim):
    config = fakesite.SiteConfig.quiet(seed=3, slow_rate=1.0, slow_seconds=0.4)
    sim = make_sim(site_config=config, library_size=40, start_agents=True)
    call(sim.base_url, '/library/sections/1/refresh?force=1', token=sim.token)
    assert sim.wait_idle(300)
    text = plugin_log(sim)
    peak, threads = update_overlap(text)
    assert peak >= 2 and len(threads) >= 2 and interleaved(text)
    assert len(set(PLUGIN_LINE.match(line).group('thread') for line in system_log(sim).splitlines()
                   if ' - Searching for Movie in ' in line)) >= 2


def test_messy_names_find_nothing(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = pick(sim, lambda i: i.entry.style == 'scene' and i.entry.site is not None)
    video = refresh(sim, item)
    assert video.get('guid') == u'local://%d' % item.rating_key
    assert video.get('title') == item.entry.scanned_title
    assert u'Search Query did not pull any results: %s' % item.entry.scanned_title in plugin_log(sim)


def test_bot_challenge_shows_as_403_tracebacks(make_sim):
    sim = make_sim(site_config=fakesite.SiteConfig.quiet(seed=3, challenge_rate=1.0), library_size=40,
                   start_agents=True)
    item = pick(sim, lambda i: True)
    video = refresh(sim, item)
    assert video.get('guid') == u'local://%d' % item.rating_key
    text = plugin_log(sim)
    assert_plugin_log_format(text)
    assert re.search(r"ERROR \(networking:\d+\) - Error opening URL 'http://127\.0\.0\.1:\d+/search\?q=", text)
    assert "CRITICAL (agentkit:1018) - Exception in the search function of agent named 'Sample Agent'" in text
    assert 'HTTPError: HTTP Error 403: Forbidden' in text
    assert 'HTTP 403' in error_class(item.history[-1]['error'])
    assert sim.site.snapshot()['challenged'] >= 1


def test_alternate_layout_breaks_the_update_with_index_error(make_sim):
    sim = make_sim(site_config=fakesite.SiteConfig.quiet(seed=3, alt_layout_rate=1.0), library_size=40,
                   start_agents=True)
    item = pick(sim, lambda i: i.entry.naive_query_matches)
    video = refresh(sim, item)
    assert video.get('guid').startswith(SAMPLE_AGENT_ID + '://')  # matched, but...
    assert item.history[-1]['updated'] is False and 'IndexError' in item.history[-1]['error']
    text = plugin_log(sim)
    assert "CRITICAL (agentkit:1095) - Exception in the update function of agent named 'Sample Agent'" in text
    assert re.search(r'\.xpath\(.+\)\[\d+\]', text) and 'IndexError: list index out of range' in text


def outcomes_by_item(sim):
    return dict((o['ratingKey'], (o['searched'], o['results'], o['matched'], o['updated'],
                                  error_class(o['error']))) for o in sim.outcomes)


def test_same_seed_same_outcomes(tmpdir, make_sim):
    """With the time-based faults off (rate limit, slow pages) a run is repeatable item by item."""
    runs = []
    for name in ('a', 'b'):
        config = fakesite.SiteConfig(seed=5, rate_limit=0, slow_rate=0.0)
        sim = make_sim(app_support=os.path.join(str(tmpdir), name), seed=5, library_size=30,
                       site_config=config, start_agents=True)
        call(sim.base_url, '/library/sections/1/refresh?force=1', token=sim.token)
        assert sim.wait_idle(300)
        runs.append(outcomes_by_item(sim))
        sim.stop()
    assert runs[0] == runs[1] and len(runs[0]) == 30
