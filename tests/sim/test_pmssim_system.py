# -*- coding: utf-8 -*-
"""System's side of a refresh (system.py), as agentservice.py has it: its INFO lines with the
identifier and str(kwargs), 'complete' only when the call to the agent returned (the framework
swallows the agent's own exception, so then it is logged all the same), at most three updates
at once, the score-85 rule sending a weak search to the fallback agent -- and, where the
sources are silent, the switchable assumptions S3 (acceptance score) and S4 (what a failed
update leaves on the item)."""
from __future__ import absolute_import, division, print_function

import io
import os
import re

from harness.pmssim import fakesite
from harness.pmssim.assumptions import Assumptions
from harness.pmssim.plugins import SAMPLE_AGENT_ID
from harness.pmssim.refresh import error_class
from harness.pmssim.system import UPDATE_LIMIT

from .conftest import (assert_plugin_log_format, call, copy_agent, findable, patch_agent, pick, plugin_log,
                       refresh, system_log, update_overlap)


def test_system_log_lines_as_agentservice_writes_them(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = findable(sim)
    refresh(sim, item)
    guid = item.guid
    text = system_log(sim)
    assert_plugin_log_format(text)
    # str(kwargs) of the hints System forwarded: the same text the agent logs for them.
    kwargs = re.search(r'Searching for matches for (\{.*\})$', plugin_log(sim), re.M).group(1)
    assert u'  INFO (agentservice:228) - Searching for Movie in %s (%s)' % (SAMPLE_AGENT_ID, kwargs) in text
    assert u"'id': '%d'" % item.rating_key in kwargs
    assert (u'  INFO (agentservice:408) - Preparing metadata for Movie in %s (%s)'
            % (SAMPLE_AGENT_ID, item.entry.site.site_id)) in text
    assert u'  INFO (agentservice:586) - Metadata preparation for %s complete' % guid in text
    assert (u'  INFO (agentservice:767) - Bundle with guid %s has been updated - notifying the media server'
            % guid) in text
    # Found/No match lines belong to contributing agents only, never to the primary search.
    assert u'Found match with ID' not in text and u'No match found' not in text


def test_update_that_raised_in_the_agent_leaves_the_item(make_sim):
    """The framework swallows the agent's exception (agentkit.py _update) and System still logs
    'complete' (agentservice.py 586); PMS leaves the item as it was (assumption A4)."""
    sim = make_sim(site_config=fakesite.SiteConfig.quiet(seed=3, alt_layout_rate=1.0), library_size=40,
                   start_agents=True)
    item = pick(sim, lambda i: i.entry.naive_query_matches)
    before = item.updated_at
    video = refresh(sim, item)
    assert video.get('guid').startswith(SAMPLE_AGENT_ID + '://')
    assert video.get('updatedAt') == str(before) and video.get('title') == item.entry.scanned_title
    assert item.history[-1]['updated'] is False
    assert u'Metadata preparation for %s complete' % item.guid in system_log(sim)


def test_update_that_raised_in_the_agent_moves_updated_at_when_assumed(make_sim):
    sim = make_sim(site_config=fakesite.SiteConfig.quiet(seed=3, alt_layout_rate=1.0), library_size=40,
                   start_agents=True, assumptions=Assumptions(failed_update='applied'))
    item = pick(sim, lambda i: i.entry.naive_query_matches)
    before = item.updated_at
    video = refresh(sim, item)
    assert int(video.get('updatedAt')) > before and item.history[-1]['updated'] is False


def test_failed_update_request_logs_no_complete_and_keeps_updated_at(make_sim, quiet_config):
    """When System's call to the agent fails (the plug-in died), agentservice.py logs 'Exception
    in update for <guid>' instead of 'complete' and notifies PMS with success=0."""
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = findable(sim)
    before = item.updated_at
    emulator = sim.hosts[SAMPLE_AGENT_ID].ensure()

    def broken(*args, **kwargs):
        raise IOError('the plug-in closed the connection')
    emulator.agent_update = broken
    video = refresh(sim, item)
    guid = item.guid
    assert guid.startswith(SAMPLE_AGENT_ID + '://')  # the search matched it
    assert video.get('updatedAt') == str(before)
    assert item.history[-1]['updated'] is False and error_class(item.history[-1]['error'])
    text = system_log(sim)
    assert_plugin_log_format(text)
    assert u'Metadata preparation for %s complete' % guid not in text
    assert re.search(r'CRITICAL \(agentservice:592\) - Exception in update for %s \(most recent call last\):'
                     % re.escape(guid), text)
    assert u'Bundle with guid %s has been updated - notifying the media server' % guid in text


def test_at_most_three_updates_at_once(make_sim):
    """config.py agentservice_update_limit = 3, whatever the number of parallel refreshes."""
    assert UPDATE_LIMIT == 3
    config = fakesite.SiteConfig.quiet(seed=3, slow_rate=1.0, slow_seconds=0.4)
    sim = make_sim(site_config=config, library_size=40, start_agents=True,
                   assumptions=Assumptions(parallel_refreshes=8))
    call(sim.base_url, '/library/sections/1/refresh?force=1', token=sim.token)
    assert sim.wait_idle(300)
    peak, _threads = update_overlap(plugin_log(sim))
    assert 2 <= peak <= UPDATE_LIMIT


FALLBACK_ID = 'com.plexapp.agents.fallbacktest'
FALLBACK_PLIST = u"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>CFBundleIdentifier</key>
    <string>%s</string>
    <key>CFBundleName</key>
    <string>Fallback Test Agent</string>
    <key>PlexFrameworkVersion</key>
    <string>2</string>
    <key>PlexPluginClass</key>
    <string>Agent</string>
</dict>
</plist>
""" % FALLBACK_ID
FALLBACK_CODE = u"""# -*- coding: utf-8 -*-
SCORE = %d


class FallbackTestAgent(Agent.Movies):
    name = 'Fallback Test Agent'
    languages = [Locale.Language.English]
    primary_provider = True

    def search(self, results, media, lang, manual=False):
        results.Append(MetadataSearchResult(id='fb' + media.id, name=media.name, year=None, score=SCORE,
                                            lang=lang))

    def update(self, metadata, media, lang, force=False):
        metadata.title = 'From the fallback agent'
"""


def install_fallback_pair(app_support, score):
    """The sample agent naming a fallback agent, and that fallback (one result of `score`)."""
    bundle = copy_agent(app_support)
    patch_agent(bundle, u"    primary_provider = True\n",
                u"    primary_provider = True\n    fallback_agent = '%s'\n" % FALLBACK_ID)
    fallback = os.path.join(os.path.dirname(bundle), 'FallbackTest.bundle', 'Contents')
    os.makedirs(os.path.join(fallback, 'Code'))
    for name, text in (('Info.plist', FALLBACK_PLIST), (os.path.join('Code', '__init__.py'), FALLBACK_CODE % score)):
        with io.open(os.path.join(fallback, name), 'wb') as handle:
            handle.write(text.encode('utf-8'))


def messy(sim):
    return pick(sim, lambda i: i.entry.style == 'scene' and i.entry.site is not None)


def test_no_result_or_a_score_below_85_goes_to_the_fallback_agent(make_sim, app_support, quiet_config):
    """agentservice.py search(): the 85 rule sends a weak primary search to fallback_agent."""
    install_fallback_pair(app_support, 90)
    sim = make_sim(site_config=quiet_config, library_size=40, start_agents=True)
    item = messy(sim)
    video = refresh(sim, item)
    assert video.get('guid') == u'%s://fb%d?lang=en' % (FALLBACK_ID, item.rating_key)
    assert video.get('title') == u'From the fallback agent'
    clean = findable(sim)
    assert refresh(sim, clean).get('guid').startswith(SAMPLE_AGENT_ID + '://')  # score 100: no fallback
    searches = [line for line in system_log(sim).splitlines() if ' - Searching for Movie in ' in line]
    assert [FALLBACK_ID in line for line in searches] == [False, True, False]


def test_acceptance_score_is_an_assumption_apart_from_the_fallback_rule(tmpdir, make_sim, quiet_config):
    for name, rules, matched in (('strict', Assumptions(), False),
                                 ('lenient', Assumptions(accept_min_score=50), True)):
        app_support = os.path.join(str(tmpdir), name)
        install_fallback_pair(app_support, 60)
        sim = make_sim(app_support=app_support, site_config=quiet_config, library_size=40, start_agents=True,
                       assumptions=rules)
        item = messy(sim)
        video = refresh(sim, item)
        assert video.get('guid').startswith(FALLBACK_ID + '://') is matched, name
        assert item.history[-1]['score'] == 60
        sim.stop()  # one plug-in per identifier in a process (the emulator refuses a second)
