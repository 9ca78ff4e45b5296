# -*- coding: utf-8 -*-
"""PlexImprovement as a contributing agent of the simulated server: listed for the sample agent,
off until the owner enables it (assumption S10), then told about every refresh of a matched item
(which item, which agent, which guid, when) without changing its metadata; a trial then counts
the refreshes it confirmed."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from harness.pmssim.plugins import SAMPLE_AGENT_ID

from pleximprovement.contributor.status import contributor_status
from pleximprovement.names import IDENTIFIER
from pleximprovement.pms import completion

from .conftest import findable, system_log
from .trial_setup import FAST, Setup, site


@pytest.fixture
def setup(make_sim):
    made = Setup(make_sim, diagnosed=False, site_config=site(challenge_rate=0.0, alt_layout_rate=0.0))
    yield made
    made.stop()


def test_the_status_says_whether_it_is_enabled_and_how_to_enable_it(setup):
    setup.host_plugin(enable=False)
    before = contributor_status(setup.client, IDENTIFIER)
    assert [(s['title'], s['agent'], s['listed'], s['enabled']) for s in before] == [
        (u'Movies', SAMPLE_AGENT_ID, True, False)]
    assert u'PUT /system/agents/%s/config/1?order=%s,%s' % (SAMPLE_AGENT_ID, SAMPLE_AGENT_ID, IDENTIFIER) \
        in before[0]['how']
    setup.client.send('PUT', '/system/agents/%s/config/1' % SAMPLE_AGENT_ID,
                      {'order': u'%s,%s' % (SAMPLE_AGENT_ID, IDENTIFIER)})
    after = contributor_status(setup.client, IDENTIFIER)
    assert after[0]['enabled'] is True and after[0]['how'] is None


def metadata_folders(sim, identifier):
    found = []
    for folder, dirs, _files in os.walk(os.path.join(sim.app_support, 'Metadata')):
        found.extend(os.path.join(folder, d) for d in dirs if d == identifier)
    return found


def test_every_refresh_of_a_matched_item_is_recorded_and_nothing_is_changed(setup):
    setup.host_plugin()
    item = findable(setup.sim)
    offset = setup.contributions.end()
    result = completion.refresh_and_wait(setup.client, item.rating_key, deadline=60, waiter=FAST)
    assert result['finished'] and result['after']['matched']
    records, _end = setup.contributions.read(offset)
    assert [(r['event'], r['rating_key'], r['agent'], r['guid']) for r in records] == [
        ('search', u'%d' % item.rating_key, SAMPLE_AGENT_ID, result['after']['guid'])]
    assert records[0]['time'] >= result['before']['updated_at']
    assert 'No match found' in system_log(setup.sim)
    assert metadata_folders(setup.sim, IDENTIFIER) == []     # no contribution was written
    assert setup.sim.items[item.rating_key].summary        # the primary's metadata is there


def test_a_trial_counts_the_refreshes_the_contributor_confirmed(setup):
    setup.host_plugin()
    result = setup.run('browser_headers', diagnosis=None)
    matched = [p[side] for p in result['pairs'] for side in ('before', 'after')
               if p[side] is not None and p[side]['guid_agent'] == SAMPLE_AGENT_ID]
    assert matched and all(side['contributor'] is True for side in matched)
    assert result['contributor_seen'] == len(matched)
    unmatched = [p['before'] for p in result['pairs'] if p['before']['guid_agent'] != SAMPLE_AGENT_ID]
    assert unmatched and all(side['contributor'] is None for side in unmatched)
