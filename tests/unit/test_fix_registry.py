# -*- coding: utf-8 -*-
"""The fix catalog: entries, parameters, estimates, efficacy updates, thresholds, hooks."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.fixes import registry
from pleximprovement.runtime import FileStore

DESIGN_FIXES = ('browser_headers', 'retry_backoff', 'longer_timeout', 'response_cache', 'title_variants',
                'safe_decoding')


def test_catalog_holds_the_design_fixes_with_kinds_and_parameters():
    assert sorted(registry.REGISTRY) == sorted(DESIGN_FIXES)
    assert registry.fixes_for_kind('blocked')[0] == 'browser_headers'
    assert 'retry_backoff' in registry.fixes_for_kind('rate_limited')
    assert registry.fixes_for_kind('title_never_matched') == ['title_variants']
    assert registry.fixes_for_kind('naming') == [] and registry.fixes_for_kind('layout_changed') == []
    for spec in registry.CATALOG:
        assert spec.title and spec.addresses and spec.parameters
        assert all(0.0 < c <= 1.0 for c in spec.addresses.values())
        alpha, beta = spec.prior
        assert alpha > 0 and beta > 0 and alpha + beta == pytest.approx(2.0)


def test_every_alternative_is_allowed_and_differs_from_the_defaults():
    for spec in registry.CATALOG:
        sets = spec.parameter_sets()
        assert sets[0] == spec.defaults()
        keys = [registry.params_key(p) for p in sets]
        assert len(set(keys)) == len(keys), spec.fix_id


def test_normalise_rejects_unknown_names_and_values():
    spec = registry.get('longer_timeout')
    assert spec.normalise({'timeout_seconds': 90}) == {'timeout_seconds': 90}
    with pytest.raises(ValueError):
        spec.normalise({'timeout_seconds': 7})
    with pytest.raises(ValueError):
        spec.normalise({'retries': 2})


def test_estimate_weights_counts_by_coverage_and_efficacy():
    spec = registry.get('retry_backoff')
    findings = [{'kind': 'rate_limited', 'count': 10}, {'kind': 'timeout', 'count': 20},
                {'kind': 'blocked', 'count': 70}]
    addressed, share, expected = spec.estimate(findings, 100, 0.5)
    assert addressed == 30
    assert share == pytest.approx((10 * 1.0 + 20 * 0.5) / 100.0)
    assert expected == pytest.approx(share * 0.5)
    assert spec.estimate(findings, 0, 0.5) == (30, 0.0, 0.0)


def test_efficacy_starts_at_the_prior_and_moves_with_outcomes():
    assert registry.efficacy_mean(None, 'safe_decoding') == pytest.approx(0.7)
    history = {}
    for outcome in ('KEEP', 'keep', True):
        history = registry.update_efficacy(history, 'browser_headers', outcome)
    assert registry.posterior(history, 'browser_headers') == (4.0, 1.0)
    assert registry.efficacy_mean(history, 'browser_headers') == pytest.approx(0.8)
    worse = registry.update_efficacy(history, 'browser_headers', 'ROLLBACK')
    assert registry.efficacy_mean(worse, 'browser_headers') == pytest.approx(4.0 / 6.0)
    same = registry.update_efficacy(worse, 'browser_headers', 'MONITOR')
    assert registry.posterior(same, 'browser_headers') == registry.posterior(worse, 'browser_headers')
    assert same['browser_headers']['monitored'] == 1
    assert history['browser_headers']['rolled_back'] == 0  # inputs are not changed


def test_update_efficacy_refuses_unknown_fixes_and_outcomes():
    with pytest.raises(KeyError):
        registry.update_efficacy({}, 'no_such_fix', 'KEEP')
    with pytest.raises(ValueError):
        registry.update_efficacy({}, 'browser_headers', 'maybe')


def test_efficacy_persists_through_a_store(tmpdir):
    store = FileStore(str(tmpdir))
    assert registry.load_efficacy(store) == {}
    registry.save_efficacy(store, registry.update_efficacy({}, 'title_variants', 'ROLLBACK'))
    assert registry.posterior(registry.load_efficacy(store), 'title_variants') == (1.0, 2.0)


@pytest.mark.parametrize('expected,events,label', [
    (registry.HIGH_EXPECTED, registry.HIGH_MIN_EVENTS, 'HIGH'),
    (registry.HIGH_EXPECTED, registry.HIGH_MIN_EVENTS - 1, 'MEDIUM'),
    (registry.HIGH_EXPECTED - 0.01, 100, 'MEDIUM'),
    (registry.MEDIUM_EXPECTED, 1, 'MEDIUM'),
    (registry.MEDIUM_EXPECTED - 0.01, 100, 'LOW'),
])
def test_priority_thresholds(expected, events, label):
    assert registry.priority(expected, events) == label


def test_wilson_interval_narrows_with_the_sample():
    low, high = registry.wilson_interval(5, 10)
    assert low < 0.5 < high
    assert registry.wilson_interval(0, 0) == (0.0, 1.0)
    widths = [registry.wilson_interval(n // 2, n)[1] - registry.wilson_interval(n // 2, n)[0] for n in (4, 40, 400)]
    assert widths[0] > widths[1] > widths[2]
    assert registry.confidence(0.5, 4)[1] == 'low'
    assert registry.confidence(0.5, 60)[1] == 'medium'
    assert registry.confidence(0.5, 400)[1] == 'high'


def test_apply_verify_rollback_are_not_faked():
    spec = registry.get('browser_headers')
    for call in (lambda: spec.apply(None, {}), lambda: spec.verify(None, {}), lambda: spec.rollback(None)):
        with pytest.raises(NotImplementedError) as info:
            call()
        assert 'browser_headers' in str(info.value) and 'Phase 3' in str(info.value)


def test_expected_gain_scales_to_the_agents_work():
    assert registry.expected_gain(0.5, 4, 40) == pytest.approx(0.05)
    assert registry.expected_gain(0.5, 100, 10) == 1.0
    assert registry.expected_gain(0.3, 7, 0) == 0.3
