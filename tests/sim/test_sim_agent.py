# -*- coding: utf-8 -*-
"""A refresh really runs the sample agent in the emulator: search then update, the outcome
stored on the item, the plug-in log in the framework's format, the server log lines around
it; failures show up in the logs for their real reasons; a reload picks up code changes."""
from __future__ import absolute_import, division, print_function

import io
import os
import re
import shutil
from xml.etree import ElementTree

import pytest

from harness import fakesite, pms_sim

from .conftest import call, needs_agents

pytestmark = needs_agents

# plex-runtime.md 6.2 / log-formats.md 2.1
PLUGIN_LINE = re.compile(r'^(?P<ts>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \((?P<thread>-?[0-9a-f]+)\) : {1,2}'
                         r'(?P<level>DEBUG|INFO|WARNING|ERROR|CRITICAL) \((?P<module>[\w.]+):(?P<line>\d+)\) - '
                         r'(?P<msg>.*)$')
FRAME_LINE = re.compile(r'^\s+(File "[^"]+", line \d+, in \S+|\S.*)$')
EXCEPTION_LINE = re.compile(r'^[A-Za-z_][\w.]*(: .*)?$')


def read_text(path):
    with io.open(path, 'rb') as handle:
        return handle.read().decode('utf-8', 'replace')


def plugin_log(sim):
    return read_text(sim.plugin_log_path(pms_sim.SAMPLE_AGENT_ID))


def assert_plugin_log_format(text):
    """Every line is a record line or part of a traceback under one."""
    in_traceback = False
    for line in text.splitlines():
        if PLUGIN_LINE.match(line):
            in_traceback = line.endswith('(most recent call last):')
            continue
        assert in_traceback and (FRAME_LINE.match(line) or EXCEPTION_LINE.match(line) or not line), line


def pick(sim, predicate):
    for item in sorted(sim.items.values(), key=lambda i: i.rating_key):
        if predicate(item):
            return item
    pytest.skip('no library item fits this test with this seed')


def refresh(sim, item):
    status, _h, _b = call(sim.base_url, '/library/metadata/%d/refresh' % item.rating_key, token=sim.token,
                          method='PUT')
    assert status == 200
    assert sim.wait_idle(120)
    root = ElementTree.fromstring(call(sim.base_url, item.key, token=sim.token)[2])
    return root.find('Video')


def findable(sim):
    """An item the naive agent can find, on a standard detail page."""
    return pick(sim, lambda i: i.entry.naive_query_matches and sim.site.layout_of(i.entry.site.site_id) == 'standard')


def test_refresh_runs_search_then_update_and_stores_the_match(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = findable(sim)
    video = refresh(sim, item)
    site_entry = item.entry.site
    assert video.get('guid') == u'%s://%s?lang=en' % (pms_sim.SAMPLE_AGENT_ID, site_entry.site_id)
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

    server = read_text(sim.server_log_path)
    assert u'Starting plug-in %s.' % sim.agent_bundle_path in server
    assert re.search(r'Issuing search query: \S+/system/agents/search\?\S*identifier=%s'
                     % re.escape(pms_sim.SAMPLE_AGENT_ID), server)
    assert u'PUT /library/metadata/%d/refresh' % item.rating_key in server


def test_matched_item_is_refreshed_with_update_only(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = findable(sim)
    refresh(sim, item)
    refresh(sim, item)
    assert [o['searched'] for o in item.history] == [True, False]
    assert item.history[-1]['updated']


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
    assert 'HTTP 403' in pms_sim.error_class(item.history[-1]['error'])
    assert sim.site.snapshot()['challenged'] >= 1


def test_alternate_layout_breaks_the_update_with_index_error(make_sim):
    sim = make_sim(site_config=fakesite.SiteConfig.quiet(seed=3, alt_layout_rate=1.0), library_size=40,
                   start_agents=True)
    item = pick(sim, lambda i: i.entry.naive_query_matches)
    video = refresh(sim, item)
    assert video.get('guid').startswith(pms_sim.SAMPLE_AGENT_ID + '://')  # matched, but...
    assert item.history[-1]['updated'] is False and 'IndexError' in item.history[-1]['error']
    text = plugin_log(sim)
    assert "CRITICAL (agentkit:1095) - Exception in the update function of agent named 'Sample Agent'" in text
    assert re.search(r'\.xpath\(.+\)\[\d+\]', text) and 'IndexError: list index out of range' in text


def test_prefs_of_a_running_plugin_come_from_the_plugin(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, start_agents=True)
    status, _h, body = call(sim.base_url, '/:/plugins/%s/prefs' % pms_sim.SAMPLE_AGENT_ID, token=sim.token)
    assert status == 200
    settings = dict((s.get('id'), s.get('value')) for s in ElementTree.fromstring(body).iter('Setting'))
    assert settings.get('site_url') == sim.site.base_url


def copy_agent(app_support):
    target = os.path.join(app_support, 'Plug-ins', 'SampleAgent.bundle')
    shutil.copytree(pms_sim.SAMPLE_AGENT_BUNDLE, target)
    return target


def patch_agent(bundle, old, new):
    path = os.path.join(bundle, 'Contents', 'Code', '__init__.py')
    source = read_text(path)
    assert old in source
    with io.open(path, 'wb') as handle:
        handle.write(source.replace(old, new).encode('utf-8'))


def touch_plist(bundle):
    """What System's restart does; the mtime is moved forward so coarse clocks still see a change."""
    plist = os.path.join(bundle, 'Contents', 'Info.plist')
    stamp = os.stat(plist).st_mtime + 10
    os.utime(plist, (stamp, stamp))


def year_in_parentheses(sim):
    return pick(sim, lambda i: i.entry.style == 'year_paren' and i.entry.shape == 'plain'
                and i.entry.site is not None and sim.site.layout_of(i.entry.site.site_id) == 'standard')


FIX_OLD = 'searchTitle = media.name\n'
FIX_NEW = "searchTitle = media.name.split(' (')[0]\n"


def test_touching_info_plist_reloads_changed_code(make_sim, app_support, quiet_config):
    bundle = copy_agent(app_support)
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    assert sim.agent_bundle_path == bundle
    item = year_in_parentheses(sim)
    assert refresh(sim, item).get('guid').startswith('local://')
    patch_agent(bundle, FIX_OLD, FIX_NEW)
    touch_plist(bundle)
    video = refresh(sim, item)
    assert video.get('guid').startswith(pms_sim.SAMPLE_AGENT_ID + '://')
    assert os.path.exists(sim.plugin_log_path(pms_sim.SAMPLE_AGENT_ID) + '.1')  # the log rolled at restart
    assert sim.hosts[pms_sim.SAMPLE_AGENT_ID].starts == 2


def test_code_changes_need_a_restart(make_sim, app_support, quiet_config):
    bundle = copy_agent(app_support)
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = year_in_parentheses(sim)
    patch_agent(bundle, FIX_OLD, FIX_NEW)
    assert refresh(sim, item).get('guid').startswith('local://')  # no file watcher, like Plex
    status, _h, _b = call(sim.base_url, '/:/plugins/%s/restart' % pms_sim.SAMPLE_AGENT_ID, token=sim.token)
    assert status == 200
    assert refresh(sim, item).get('guid').startswith(pms_sim.SAMPLE_AGENT_ID + '://')


def outcomes_by_item(sim):
    return dict((o['ratingKey'], (o['searched'], o['results'], o['matched'], o['updated'],
                                  pms_sim.error_class(o['error']))) for o in sim.outcomes)


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


def test_shipped_agent_has_a_low_success_rate_for_logged_reasons(make_sim):
    config = fakesite.SiteConfig(seed=1, slow_rate=0.0, rate_limit=0)  # no timing in the test
    sim = make_sim(seed=1, library_size=60, site_config=config, start_agents=True)
    call(sim.base_url, '/library/sections/1/refresh?force=1', token=sim.token)
    assert sim.wait_idle(300)
    summary = pms_sim.summarize(sim)
    assert summary['searches'] == 60
    assert summary['success_rate'] < 0.25
    reasons = summary['reasons']
    assert reasons.get('HTTP 403 in search', 0) > 0 and reasons.get('no search results', 0) > 0
    assert summary['log']['search_lines'] == 60


def test_manual_match_candidates_come_from_the_agent(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = findable(sim)
    status, _h, body = call(sim.base_url, '/library/metadata/%d/matches?manual=1' % item.rating_key,
                            token=sim.token)
    results = ElementTree.fromstring(body).findall('SearchResult')
    assert status == 200 and len(results) == 1
    assert results[0].get('guid') == u'%s://%s?lang=en' % (pms_sim.SAMPLE_AGENT_ID, item.entry.site.site_id)
    assert item.guid.startswith('local://')  # looking at candidates does not match the item


def test_stop_after_agent_runs_leaves_no_thread(app_support, quiet_config):
    import threading
    before = set(threading.enumerate())
    sim = pms_sim.SimServer(app_support, seed=3, library_size=20, site_config=quiet_config, pace=0)
    sim.start()
    call(sim.base_url, '/library/sections/1/refresh?force=1', token=sim.token)
    assert sim.wait_idle(120)
    assert any(o['updated'] for o in sim.outcomes)
    sim.stop()
    assert [t for t in threading.enumerate() if t not in before and t.is_alive()] == []
