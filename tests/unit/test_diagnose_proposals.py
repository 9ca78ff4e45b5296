# -*- coding: utf-8 -*-
"""Fix proposals: ranking by expected improvement, the exclusion rules, priority and confidence."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.diagnose import proposals
from pleximprovement.diagnose.diagnosis import diagnose
from pleximprovement.fixes import catalog, efficacy

from snapshot_builders import agent, empty_snapshot, unclassified

A = 'com.example.agents.films'
B = 'com.example.agents.shows'


def two_agents():
    """A: 30 blocked + 10 title misses of 50 searches; B: 4 timeouts of 40 searches."""
    s = empty_snapshot()
    agent(s, A, total_search_ops=50, titles_found=10, title_failures=10, statuses={'403': 30},
          url_errors_by_class={'http': 30})
    agent(s, B, total_search_ops=40, titles_found=36, url_errors_by_class={'timeout': 4})
    return s


def proposed(d, fix_id=None, agent_id=None):
    return [p for p in d['fixes'] if (fix_id is None or p['fix_id'] == fix_id)
            and (agent_id is None or p['agent'] == agent_id)]


def test_ranked_by_expected_improvement_with_the_formula_applied():
    d = diagnose(two_agents())
    ranked = [(p['fix_id'], p['agent']) for p in d['fixes']]
    assert ranked[0] == ('browser_headers', A)
    assert [p['rank'] for p in d['fixes']] == list(range(1, len(d['fixes']) + 1))
    gains = [p['expected_gain'] for p in d['fixes']]
    assert gains == sorted(gains, reverse=True)
    top = d['fixes'][0]
    assert top['expected_gain'] == pytest.approx(0.75 * 0.5 * 40 / 50.0)
    assert top['failure_share'] == pytest.approx(30 / 40.0)
    assert top['expected_improvement'] == pytest.approx(0.75 * 0.5)
    assert top['priority'] == 'HIGH'
    blocked = [f for f in d['findings'] if f['kind'] == 'blocked'][0]
    assert top['addresses'] == [blocked['id']]
    variants = proposed(d, 'title_variants', A)[0]
    assert variants['expected_improvement'] == pytest.approx(10 / 40.0 * 0.5)
    assert variants['priority'] == 'MEDIUM'


def test_an_agent_with_few_failures_does_not_outrank_one_with_many():
    d = diagnose(two_agents())
    timeout = proposed(d, 'network_timeout', B)[0]
    headers = proposed(d, 'browser_headers', A)[0]
    assert timeout['expected_improvement'] > headers['expected_improvement']  # 4 of B's 4 failures
    assert timeout['expected_gain'] == pytest.approx(0.5 * 4 / 40.0)
    assert headers['rank'] < timeout['rank']


def test_within_one_agent_the_order_is_by_expected_improvement():
    d = diagnose(two_agents())
    mine = proposed(d, agent_id=A)
    values = [p['expected_improvement'] for p in mine]
    assert values == sorted(values, reverse=True)


def test_efficacy_history_changes_the_order():
    history = {}
    for _ in range(6):
        history = efficacy.update_efficacy(history, 'browser_headers', 'ROLLBACK')
    for _ in range(6):
        history = efficacy.update_efficacy(history, 'title_variants', 'KEEP')
    d = diagnose(two_agents(), efficacy=history)
    assert d['fixes'][0]['fix_id'] == 'title_variants'
    headers = proposed(d, 'browser_headers', A)[0]
    assert headers['efficacy'] == pytest.approx(1 / 8.0)


def test_no_fix_for_an_agent_outside_target_agents():
    for allowed in (B, [B], frozenset([B]), ' %s ' % B):
        d = diagnose(two_agents(), fix_agents=allowed)
        assert proposed(d, agent_id=A) == []
        assert proposed(d, agent_id=B)
        assert [f for f in d['findings'] if f['agent'] == A]  # findings are still reported
    assert proposed(diagnose(two_agents(), fix_agents='all'), agent_id=A)
    assert proposed(diagnose(two_agents(), fix_agents=None), agent_id=A)


def test_already_attempted_parameters_are_not_proposed_again_but_alternatives_are():
    defaults = catalog.get('browser_headers').defaults()
    attempts = [{'fix_id': 'browser_headers', 'agent': A, 'params': defaults, 'outcome': 'ROLLBACK'}]
    d = diagnose(two_agents(), attempts=attempts)
    headers = proposed(d, 'browser_headers', A)
    assert len(headers) == 1
    assert headers[0]['params'] != defaults
    assert headers[0]['params'] == catalog.get('browser_headers').normalise({'profile': 'firefox_desktop'})
    assert headers[0]['alternative'] is True and headers[0]['attempted_params'] == [defaults]


def test_partial_parameters_in_the_history_match_their_normalised_form():
    attempts = [{'fix_id': 'browser_headers', 'agent': A, 'params': {}}]
    headers = proposed(diagnose(two_agents(), attempts=attempts), 'browser_headers', A)[0]
    assert headers['alternative'] is True


def test_an_attempt_on_another_agent_does_not_exclude():
    attempts = [{'fix_id': 'network_timeout', 'agent': A, 'params': {}}]
    timeout = proposed(diagnose(two_agents(), attempts=attempts), 'network_timeout', B)[0]
    assert timeout['alternative'] is False


def test_every_parameter_set_attempted_means_no_proposal_and_a_recommendation():
    spec = catalog.get('title_variants')
    attempts = [{'fix_id': 'title_variants', 'agent': A, 'params': p} for p in spec.parameter_sets()]
    d = diagnose(two_agents(), attempts=attempts)
    assert proposed(d, 'title_variants', A) == []
    misses = [f for f in d['findings'] if f['kind'] == 'title_never_matched'][0]
    rec = [r for r in d['recommendations'] if r['finding_id'] == misses['id']]
    assert rec and 'title_variants' in rec[0]['text']


def test_confidence_grows_with_the_sample():
    small, large = empty_snapshot(), empty_snapshot()
    agent(small, A, total_search_ops=4, statuses={'403': 2}, url_errors_by_class={'http': 2}, title_failures=2)
    agent(large, A, total_search_ops=400, statuses={'403': 200}, url_errors_by_class={'http': 200},
          title_failures=200)
    few = proposed(diagnose(small), 'browser_headers', A)[0]
    many = proposed(diagnose(large), 'browser_headers', A)[0]
    assert few['expected_improvement'] == pytest.approx(many['expected_improvement'])
    assert few['confidence'] < many['confidence']
    assert (few['confidence_label'], many['confidence_label']) == ('low', 'high')
    assert few['priority'] == 'HIGH' or few['addressed_events'] < proposals.HIGH_MIN_EVENTS


def test_fixes_are_not_proposed_for_unattributed_findings():
    s = empty_snapshot()
    unclassified(s, 'HTTP Error 429: Too Many Requests', 5, {})
    d = diagnose(s)
    assert d['findings'] == []  # lines no plug-in owns are not an agent's (diagnose/roles.py)
    assert [(p['plugin'], p['role'], p['failure_events']) for p in d['plugins']] == [(None, 'unattributed', 5)]
    assert d['fixes'] == []


@pytest.mark.parametrize('expected,events,label', [
    (proposals.HIGH_EXPECTED, proposals.HIGH_MIN_EVENTS, 'HIGH'),
    (proposals.HIGH_EXPECTED, proposals.HIGH_MIN_EVENTS - 1, 'MEDIUM'),
    (proposals.HIGH_EXPECTED - 0.01, 100, 'MEDIUM'),
    (proposals.MEDIUM_EXPECTED, 1, 'MEDIUM'),
    (proposals.MEDIUM_EXPECTED - 0.01, 100, 'LOW'),
])
def test_priority_thresholds(expected, events, label):
    assert proposals.priority(expected, events) == label


def test_wilson_interval_narrows_with_the_sample():
    low, high = proposals.wilson_interval(5, 10)
    assert low < 0.5 < high
    assert proposals.wilson_interval(0, 0) == (0.0, 1.0)
    widths = [proposals.wilson_interval(n // 2, n)[1] - proposals.wilson_interval(n // 2, n)[0] for n in (4, 40, 400)]
    assert widths[0] > widths[1] > widths[2]
    assert proposals.confidence(0.5, 4)[1] == 'low'
    assert proposals.confidence(0.5, 60)[1] == 'medium'
    assert proposals.confidence(0.5, 400)[1] == 'high'


def test_expected_gain_scales_to_the_agents_work():
    assert proposals.expected_gain(0.5, 4, 40) == pytest.approx(0.05)
    assert proposals.expected_gain(0.5, 100, 10) == 1.0
    assert proposals.expected_gain(0.3, 7, 0) == 0.3


def test_a_tie_in_the_confidence_sample_rounds_up_on_every_python():
    # 0.3 of 15 events is 4.5 successes: Python 3's round() made 4 of it, 2.7's 5.
    assert proposals.confidence(0.3, 15) == proposals.confidence(5 / 15.0, 15)
    assert proposals.confidence(0.3, 15) != proposals.confidence(4 / 15.0, 15)
