# -*- coding: utf-8 -*-
"""The fix catalog: entries, parameters, estimates, and the Phase 3 hooks that are not faked."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.fixes import catalog


DESIGN_FIXES = ('browser_headers', 'retry_backoff', 'longer_timeout', 'response_cache', 'title_variants',
                'safe_decoding')


def test_catalog_holds_the_design_fixes_with_kinds_and_parameters():
    assert sorted(catalog.BY_ID) == sorted(DESIGN_FIXES)
    assert catalog.fixes_for_kind('blocked')[0] == 'browser_headers'
    assert 'retry_backoff' in catalog.fixes_for_kind('rate_limited')
    assert catalog.fixes_for_kind('title_never_matched') == ['title_variants']
    assert catalog.fixes_for_kind('naming') == [] and catalog.fixes_for_kind('layout_changed') == []
    for spec in catalog.CATALOG:
        assert spec.title and spec.addresses and spec.parameters
        assert all(0.0 < c <= 1.0 for c in spec.addresses.values())
        alpha, beta = spec.prior
        assert alpha > 0 and beta > 0 and alpha + beta == pytest.approx(2.0)


def test_every_alternative_is_allowed_and_differs_from_the_defaults():
    for spec in catalog.CATALOG:
        sets = spec.parameter_sets()
        assert sets[0] == spec.defaults()
        keys = [catalog.params_key(p) for p in sets]
        assert len(set(keys)) == len(keys), spec.fix_id


def test_normalise_rejects_unknown_names_and_values():
    spec = catalog.get('longer_timeout')
    assert spec.normalise({'timeout_seconds': 90}) == {'timeout_seconds': 90}
    with pytest.raises(ValueError):
        spec.normalise({'timeout_seconds': 7})
    with pytest.raises(ValueError):
        spec.normalise({'retries': 2})


def test_estimate_weights_counts_by_coverage_and_efficacy():
    spec = catalog.get('retry_backoff')
    findings = [{'kind': 'rate_limited', 'count': 10}, {'kind': 'timeout', 'count': 20},
                {'kind': 'blocked', 'count': 70}]
    addressed, share, expected = spec.estimate(findings, 100, 0.5)
    assert addressed == 30
    assert share == pytest.approx((10 * 1.0 + 20 * 0.5) / 100.0)
    assert expected == pytest.approx(share * 0.5)
    assert spec.estimate(findings, 0, 0.5) == (30, 0.0, 0.0)


def test_apply_verify_rollback_are_not_faked():
    spec = catalog.get('browser_headers')
    for call in (lambda: spec.apply(None, {}), lambda: spec.verify(None, {}), lambda: spec.rollback(None)):
        with pytest.raises(NotImplementedError) as info:
            call()
        assert 'browser_headers' in str(info.value) and 'Phase 3' in str(info.value)
