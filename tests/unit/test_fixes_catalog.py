# -*- coding: utf-8 -*-
"""The fix catalog: its modules, entries, parameters with ranges, estimates, custom fixes, resolution."""
from __future__ import absolute_import, division, print_function

import io
import os

import pytest

from pleximprovement.fixes import catalog, overlay
from pleximprovement.fixes.errors import Refused, UnknownFix

DESIGN_FIXES = ('browser_headers', 'retry_backoff', 'network_timeout', 'response_cache', 'title_variants',
                'safe_decoding')
SERVER_LEVERS = ('agent_timeout_pref', 'clear_cache')
DIFF = (b'Title: Longer search timeout\nAddresses: timeout, nonsense-kind\nAgent: SampleAgent\n'
        b'--- a/Contents/Code/__init__.py\n+++ b/Contents/Code/__init__.py\n@@ -1 +1 @@\n-a\n+b\n')


def test_catalog_holds_the_design_fixes_and_the_server_levers():
    assert sorted(catalog.BY_ID) == sorted(DESIGN_FIXES + SERVER_LEVERS)
    assert [spec.fix_id for spec in catalog.CATALOG] == [m.ID for m in catalog.MODULES]
    assert catalog.fixes_for_kind('blocked') == ['browser_headers', 'response_cache', 'clear_cache']
    assert 'retry_backoff' in catalog.fixes_for_kind('rate_limited')
    assert catalog.fixes_for_kind('timeout')[:4] == ['retry_backoff', 'network_timeout', 'agent_timeout_pref',
                                                     'response_cache']
    assert catalog.fixes_for_kind('title_never_matched') == ['title_variants']
    assert catalog.fixes_for_kind('naming') == [] and catalog.fixes_for_kind('layout_changed') == []
    for spec in catalog.CATALOG:
        assert spec.title and spec.addresses and spec.doc
        assert spec.lever in ('overlay', 'prefs', 'cache')
        assert all(0.0 < c <= 1.0 for c in spec.addresses.values())
        alpha, beta = spec.prior
        assert alpha > 0 and beta > 0 and alpha + beta == pytest.approx(2.0)
        for name, param in spec.parameters.items():
            assert param['doc'] and param['type'] in ('int', 'float', 'bool', 'choice', 'list', 'text'), name


def test_overlay_fixes_are_the_overlays_with_their_parameters():
    overlays = [spec for spec in catalog.CATALOG if spec.lever == 'overlay']
    assert sorted(spec.fix_id for spec in overlays) == sorted(overlay.OVERLAY_IDS)
    for spec in overlays:
        for name, param in overlay.PARAMS[spec.fix_id].items():
            assert dict(spec.parameters[name], doc=None) == dict(param, doc=None)
        # what the catalog proposes is what the overlay's config accepts, unchanged
        for params in spec.parameter_sets():
            config = overlay.read_config(overlay.config_bytes({spec.fix_id: params}))
            assert config[spec.fix_id] == params


def test_every_alternative_is_allowed_and_differs_from_the_defaults():
    for spec in catalog.CATALOG:
        sets = spec.parameter_sets()
        assert sets[0] == spec.defaults()
        keys = [catalog.params_key(p) for p in sets]
        assert len(set(keys)) == len(keys), spec.fix_id


def test_normalise_checks_ranges_and_reads_text():
    spec = catalog.get('network_timeout')
    assert spec.normalise({'timeout_seconds': 90}) == {'timeout_seconds': 90.0}
    assert spec.normalise({'timeout_seconds': '7'}) == {'timeout_seconds': 7.0}
    for bad in (4, '301', 'soon', True):
        with pytest.raises(ValueError) as info:
            spec.normalise({'timeout_seconds': bad})
        assert 'from 5.0 to 300.0' in str(info.value)
    with pytest.raises(ValueError) as info:
        spec.normalise({'retries': 2})
    assert 'timeout_seconds' in str(info.value)
    retry = catalog.get('retry_backoff')
    assert retry.normalise({'honour_retry_after': 'false', 'max_retries': '4'})['honour_retry_after'] is False
    with pytest.raises(ValueError):
        retry.normalise({'max_retries': '2.5'})
    assert catalog.get('title_variants').normalise({'strategies': 'strip_year, strip_accents'})['strategies'] == \
        'strip_year,strip_accents'
    with pytest.raises(ValueError):
        catalog.get('browser_headers').normalise({'profile': 'netscape'})


def test_estimate_weights_counts_by_coverage_and_efficacy():
    spec = catalog.get('retry_backoff')
    findings = [{'kind': 'rate_limited', 'count': 10}, {'kind': 'timeout', 'count': 20},
                {'kind': 'blocked', 'count': 70}]
    addressed, share, expected = spec.estimate(findings, 100, 0.5)
    assert addressed == 30
    assert share == pytest.approx((10 * 1.0 + 20 * 0.5) / 100.0)
    assert expected == pytest.approx(share * 0.5)
    assert spec.estimate(findings, 0, 0.5) == (30, 0.0, 0.0)


def test_the_agents_own_setting_is_preferred_to_the_overlay():
    assert catalog.get('agent_timeout_pref').prior[0] > catalog.get('network_timeout').prior[0]


def test_every_module_implements_the_contract_and_is_resolved():
    for module in catalog.MODULES:
        for name in ('plan', 'unplan', 'verify'):
            assert callable(getattr(module, name)), (module.ID, name)
        assert catalog.module_for(module.ID) is module
        assert catalog.resolver(None)(module.ID) is module
    with pytest.raises(UnknownFix) as info:
        catalog.module_for('faster_internet')
    assert 'browser_headers' in str(info.value)


def write(path, data):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(path, 'wb') as handle:
        handle.write(data)


def test_custom_fixes_are_listed_from_the_data_folder(tmpdir):
    data = str(tmpdir)
    assert catalog.custom_fixes(data) == ([], [])
    write(os.path.join(data, 'custom_fixes', 'longer_search.diff'), DIFF)
    write(os.path.join(data, 'custom_fixes', 'broken.patch'), b'not a diff\n')
    write(os.path.join(data, 'custom_fixes', 'bad name!.diff'), DIFF)
    write(os.path.join(data, 'custom_fixes', 'notes.txt'), b'ignored')
    specs, problems = catalog.custom_fixes(data)
    assert [s.fix_id for s in specs] == ['custom:longer_search']
    spec = specs[0]
    assert spec.title == 'Longer search timeout' and spec.lever == 'custom'
    assert spec.addresses == {'timeout': 1.0} and spec.parameters == {} and spec.parameter_sets() == [{}]
    assert spec.module.AGENT == 'SampleAgent'
    assert sorted(p[0] for p in problems) == ['bad name!.diff', 'broken.patch']
    assert [s.fix_id for s in catalog.entries(data)][-1] == 'custom:longer_search'
    assert len(catalog.entries()) == len(catalog.CATALOG)
    assert catalog.module_for('custom:longer_search', data).ID == 'custom:longer_search'
    assert catalog.is_custom('custom:x') and not catalog.is_custom('browser_headers')
    with pytest.raises(UnknownFix):
        catalog.module_for('custom:absent', data)
    with pytest.raises(UnknownFix):
        catalog.module_for('custom:longer_search', None)
    with pytest.raises(Refused) as info:
        catalog.module_for('custom:broken', data)
    assert 'not a usable unified diff' in str(info.value)
