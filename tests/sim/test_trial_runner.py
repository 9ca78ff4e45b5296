# -*- coding: utf-8 -*-
"""trial/runner.py against the simulated server: a fix that helps is kept, one that does nothing is
rolled back -- under every value of the assumptions a refresh depends on (matched_refresh,
item_activity, failed_update) -- a tiny sample gives MONITOR without touching the agent, and a
server that goes away, a token that stops working or a site that asks for a long back-off end
the trial with MONITOR, the report saved and the fix where the journal says it is."""
from __future__ import absolute_import, division, print_function

import json
import time

import pytest

from harness.pmssim.assumptions import Assumptions

from pleximprovement.fixes.status import status
from pleximprovement.names import BACKOFF_ITEM, INTENTS_ITEM, TRIAL_JSON
from pleximprovement.trial import backoff

from .trial_setup import Setup, options, site

SWITCHES = [{}, {'matched_refresh': 'search_again'}, {'item_activity': 'shown'}, {'item_activity': 'late'},
            {'item_activity': 'hidden'}, {'failed_update': 'applied'}]


def switch_id(switch):
    return ','.join('%s=%s' % kv for kv in sorted(switch.items())) or 'defaults'


@pytest.fixture
def setup_for(make_sim):
    made = []

    def factory(**kwargs):
        made.append(Setup(make_sim, **kwargs))
        return made[-1]
    yield factory
    for setup in made:
        setup.stop()


def assumptions(**switch):
    values = dict(activity_delay=0.1)
    values.update(switch)
    return Assumptions(**values)


def applied_fixes(setup):
    return setup.installer.applied(setup.target)


def saved_json(setup, result):
    return setup.store.load_json(TRIAL_JSON % (result['fix'], result['iteration']))


def states(result, side):
    return set(p[side]['state'] for p in result['pairs'] if p[side] is not None)


@pytest.mark.parametrize('switch', SWITCHES, ids=switch_id)
def test_a_fix_that_helps_is_kept(setup_for, switch):
    setup = setup_for(assumptions=assumptions(**switch))
    result = setup.run('browser_headers')
    assert (result['decision'], result['reason']) == ('KEEP', 'significant'), result['discordant']
    assert result['discordant']['improved'] >= 5 and result['discordant']['worsened'] == 0
    assert result['p_value'] <= 0.05 and result['p_exact'] == '1/%d' % 2 ** result['discordant']['improved']
    assert 'browser_headers' in applied_fixes(setup) and result['fix_state'] == 'applied'
    # the findings named the items, matched ones whose update failed among them
    assert set(p['item']['source'] for p in result['pairs']) >= {'finding'}
    assert {'unmatched', 'update_failed'} <= states(result, 'before')
    assert 'success' in states(result, 'after')
    # the decision was reached before every item was refreshed again
    assert result['refreshes_saved'] > 0
    assert result['refreshes'] + result['refreshes_saved'] == result['refreshes_full']
    assert saved_json(setup, result)['decision'] == 'KEEP'
    assert setup.store.load_json(INTENTS_ITEM) == []     # every intent closed
    improved = [p for p in result['pairs'] if p['change'] == 'improved']
    assert all(p['after']['guid_agent'] == setup.target.identifier and p['after']['plausible'] is not False
               for p in improved)


@pytest.mark.parametrize('switch', SWITCHES, ids=switch_id)
def test_a_fix_that_does_nothing_is_rolled_back(setup_for, switch):
    setup = setup_for(assumptions=assumptions(**switch))
    before = setup.target.files('bundle')
    result = setup.run('network_timeout')
    assert (result['decision'], result['reason']) == ('ROLLBACK', 'no_improvement'), result['discordant']
    assert result['discordant'] == {'improved': 0, 'worsened': 0}
    assert result['fix_state'] == 'not_applied' and applied_fixes(setup) == {}
    assert setup.target.files('bundle') == before
    report = status(setup.installer.journal, setup.sim.layout.plugins_dir, setup.installer.plugin_support)
    assert all(not t['open'] for t in report['targets'])


def test_a_tiny_sample_gives_monitor_and_leaves_the_agent_alone(setup_for):
    setup = setup_for(diagnosed=False)
    result = setup.run('browser_headers', options=options(limit=3))
    assert (result['decision'], result['reason']) == ('MONITOR', 'sample_too_small')
    assert result['planned'] == 3 and result['refreshes'] == 3 and result['refreshes_saved'] == 3
    assert result['fix_state'] == 'not_applied' and applied_fixes(setup) == {}
    assert setup.installer.journal.records()[0] == []
    assert all(p['after'] is None for p in result['pairs'])


def stop_when(phase, done):
    """A progress callback that runs `action` once the trial reports (phase, done)."""
    def hook(action):
        fired = []

        def progress(now_phase, now_done, total):
            if (now_phase, now_done) == (phase, done) and not fired:
                fired.append(True)
                action()
        return progress
    return hook


def test_a_server_that_goes_away_mid_trial_gives_monitor_with_nothing_lost(setup_for):
    setup = setup_for()
    result = setup.run('browser_headers', progress=stop_when('after', 2)(setup.sim.stop))
    assert (result['decision'], result['reason']) == ('MONITOR', 'server_unreachable')
    assert 'No Plex Media Server answers' in result['interrupted']['detail']
    saved = saved_json(setup, result)
    assert saved['pairs'] == json.loads(json.dumps(result['pairs']))
    assert len([p for p in saved['pairs'] if p['before'] is not None]) == len(result['pairs'])
    assert len([p for p in saved['pairs'] if p['after'] is not None]) == 2
    # the fix stays applied, and the journal says so; the re-test is the loop's
    assert result['fix_state'] == 'applied' and 'browser_headers' in applied_fixes(setup)
    assert [r['event'] for r in setup.installer.journal.records()[0]] == ['intent', 'done']
    assert setup.sim.token not in json.dumps(saved)


def test_a_token_refused_mid_trial_gives_monitor_without_the_token(setup_for):
    setup = setup_for()
    token = setup.sim.token

    def revoke():
        setup.sim.token = 'another-token-0123456789'
    result = setup.run('browser_headers', progress=stop_when('after', 1)(revoke))
    assert (result['decision'], result['reason']) == ('MONITOR', 'token_refused')
    assert 'refused the token (HTTP 401)' in result['interrupted']['detail']
    saved = saved_json(setup, result)
    assert token not in json.dumps(saved) and token not in setup.store.load(result['report']).decode('utf-8')
    assert result['fix_state'] == 'applied'


def test_an_applied_fix_is_taken_off_for_the_baseline_and_put_back(setup_for):
    setup = setup_for()
    setup.installer.apply(setup.target, 'browser_headers')
    result = setup.run('browser_headers')
    assert result['decision'] == 'KEEP' and result['fix_state'] == 'applied'
    assert 'rolled back for the baseline' in ' '.join(result['notes'])
    actions = [(r['event'], r['action']) for r in setup.installer.journal.records()[0] if r['event'] == 'done']
    assert actions == [('done', 'apply'), ('done', 'rollback'), ('done', 'apply')]
    assert {'unmatched', 'update_failed'} <= states(result, 'before')   # the baseline ran without the fix


def test_a_long_back_off_ends_the_trial_with_monitor_before_the_site_is_hammered(setup_for):
    setup = setup_for(diagnosed=False, site_config=site(challenge_rate=1.0))
    result = setup.run('browser_headers', options=options(backoff_base={'http 403': 60.0},
                                                          backoff_cap={'http 403': 60.0}, max_wait=5.0))
    assert (result['decision'], result['reason']) == ('MONITOR', 'site_backoff')
    assert result['refreshes'] == 1 and result['fix_state'] == 'not_applied'
    windows = setup.store.load_json(BACKOFF_ITEM)
    assert list(windows) == [setup.sim.site.base_url.split('//', 1)[1]]
    assert backoff.BackoffRegistry(setup.store).reset() == 1


def test_refreshes_that_never_finish_give_monitor(setup_for):
    setup = setup_for(diagnosed=False, assumptions=assumptions(item_activity='hidden'))
    setup.sim.pace = 60.0     # the server takes the refreshes and starts none in time
    setup.sim.next_dispatch = time.time() + 60.0
    result = setup.run('browser_headers', options=options(deadline=0.5, max_unfinished=2))
    assert (result['decision'], result['reason']) == ('MONITOR', 'refreshes_unfinished')
    assert result['refreshes'] == 2 and all(p['before'] is None or p['before']['success'] is None
                                            for p in result['pairs'])
