# -*- coding: utf-8 -*-
"""The pms/ package against the simulated server: sections, items (paged, unmatched),
refreshes that finish under every Activity assumption (shown, late, hidden), a refresh that
changes nothing (activity, log predicate, deadline), a section refresh, plug-in restart and
prefs, and the three errors -- token refused, server gone -- without the token anywhere."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from harness.pmssim.assumptions import Assumptions
from harness.pmssim.logs import SERVER_LOG_NAME
from harness.pmssim.plugins import SAMPLE_AGENT_ID

from pleximprovement.pms import completion, errors, library, plugins
from pleximprovement.pms.client import PmsClient

from .conftest import findable, pick, read_text

FAST = completion.Waiter(poll=0.05)


def client_for(sim, token=None, **kwargs):
    kwargs.setdefault('timeout', 10.0)
    return PmsClient(sim.base_url, sim.token if token is None else token, **kwargs)


def server_log(sim):
    return read_text(os.path.join(sim.layout.logs_dir, SERVER_LOG_NAME))


def test_sections_and_items(make_sim):
    sim = make_sim()
    client = client_for(sim)
    assert library.server(client)['machine_identifier'] == sim.machine_identifier
    sections = library.sections(client)
    shown = [(s['id'], s['agent'], s['type'], s['refreshing']) for s in sections]
    assert shown == [(u'1', sim.agent_id, u'movie', False)]
    items = library.items(client, u'1', page_size=5)
    assert [i['rating_key'] for i in items] == [u'%d' % n for n in range(1, 13)]
    first = items[0]
    assert first['guid_agent'] == u'local' and not first['matched'] and not first['has_summary']
    assert first['file'] == sim.items[1].path and first['updated_at'] == sim.items[1].updated_at
    assert [i['rating_key'] for i in library.items(client, 1, unmatched=True)] == [i['rating_key'] for i in items]
    assert library.item(client, 3)['title'] == sim.items[3].title
    assert library.item(client, 999) is None
    assert sim.token not in server_log(sim)  # the token travels in a header, never in a logged path


@pytest.mark.parametrize('activity', ['shown', 'late', 'hidden'])
def test_refresh_of_a_findable_item_finishes_under_every_activity_assumption(make_sim, quiet_config, activity):
    sim = make_sim(site_config=quiet_config, assumptions=Assumptions(item_activity=activity, activity_delay=0.3))
    target = findable(sim)
    client = client_for(sim)
    result = completion.refresh_and_wait(client, target.rating_key, deadline=60, waiter=FAST)
    assert result['finished'] and result['signal'] == 'updated', result
    if activity == 'hidden':  # a listed one may start and end between two polls: not asserted
        assert result['activity_seen'] is False
    after = result['after']
    assert after['guid_agent'] == sim.agent_id and after['has_summary'] and after['matched']
    assert after['updated_at'] > result['before']['updated_at']
    # a second refresh of the same item (matched now) is told apart from the first
    again = completion.refresh_and_wait(client, target.rating_key, deadline=60, waiter=FAST)
    assert again['finished'] and again['signal'] == 'updated'
    assert again['after']['updated_at'] > after['updated_at']


def unfindable(sim):
    return pick(sim, lambda i: not i.entry.naive_query_matches)


def test_refresh_that_changes_nothing(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, assumptions=Assumptions(item_activity='shown'))
    target = unfindable(sim)
    result = completion.refresh_and_wait(client_for(sim), target.rating_key, deadline=60, waiter=FAST)
    assert result['finished'] and result['signal'] == 'activity' and not result['after']['matched']


def test_hidden_refresh_that_changes_nothing_needs_the_log_or_ends_at_the_deadline(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config, assumptions=Assumptions(item_activity='hidden'))
    target = unfindable(sim)
    client = client_for(sim)
    result = completion.refresh_and_wait(client, target.rating_key, deadline=1.5, waiter=FAST)
    assert result['finished'] is False and result['signal'] == 'deadline'
    assert sim.wait_idle(60)
    line = u'No match found for item %d ' % target.rating_key
    seen_before = server_log(sim).count(line)

    def log_done():
        return server_log(sim).count(line) > seen_before

    result = completion.refresh_and_wait(client, target.rating_key, deadline=60, log_done=log_done, settle=0.2,
                                         waiter=FAST)
    assert result['finished'] and result['signal'] == 'log'


def test_section_refresh_waits_for_the_whole_section(make_sim, quiet_config):
    sim = make_sim(site_config=quiet_config)
    result = completion.refresh_section_and_wait(client_for(sim), 1, force=True, deadline=120, waiter=FAST)
    assert result['finished'] and result['signal'] == 'idle'
    assert len(sim.outcomes) == len(sim.items)
    scan = completion.refresh_section_and_wait(client_for(sim), 1, deadline=30, show_up=0.5, waiter=FAST)
    assert scan['signal'] == 'never_seen'  # a scan with no new file refreshes nothing (S2)


def test_wrong_token_is_token_refused_without_the_token(make_sim):
    sim = make_sim()
    wrong = 'not-the-token-0123456789'
    with pytest.raises(errors.TokenRefused) as caught:
        library.sections(client_for(sim, token=wrong))
    text = str(caught.value)
    assert wrong not in text and sim.token not in text and repr(caught.value).count(wrong) == 0
    assert sim.base_url + '/library/sections' in text and 'Fix: ' in text


def test_server_gone_is_server_unreachable(make_sim):
    sim = make_sim()
    client = client_for(sim, retries=1, sleep=lambda seconds: None)
    assert library.sections(client)
    sim.stop()
    with pytest.raises(errors.ServerUnreachable) as caught:
        completion.refresh_and_wait(client, 1, waiter=FAST)
    assert sim.token not in str(caught.value) and '2 tries' in str(caught.value)


def test_plugin_restart_is_unsupported_for_an_agent_by_default(make_sim):
    sim = make_sim()
    client = client_for(sim)
    identifiers = [p['identifier'] for p in plugins.plugins(client)]
    assert SAMPLE_AGENT_ID in identifiers
    assert plugins.restart_plugin(client, SAMPLE_AGENT_ID) == plugins.UNSUPPORTED
    assert plugins.restart_plugin(client, 'com.plexapp.system') == plugins.RESTARTED


def test_plugin_restart_where_the_server_allows_it(make_sim):
    sim = make_sim(assumptions=Assumptions(plugin_restart='any'))
    assert plugins.restart_plugin(client_for(sim), SAMPLE_AGENT_ID) == plugins.RESTARTED


def test_plugin_prefs_read_and_set(make_sim):
    sim = make_sim()
    client = client_for(sim)
    prefs = plugins.plugin_prefs(client, SAMPLE_AGENT_ID)
    assert prefs['site_url'] == sim.site.base_url
    plugins.set_plugin_prefs(client, SAMPLE_AGENT_ID, {'site_url': u'http://127.0.0.1:9/'})
    assert plugins.plugin_prefs(client, SAMPLE_AGENT_ID)['site_url'] == u'http://127.0.0.1:9/'
    with pytest.raises(errors.ServerError) as caught:
        plugins.plugin_prefs(client, 'com.example.missing')
    assert caught.value.status == 404
