# -*- coding: utf-8 -*-
"""Fix efficacy: the Beta posterior from each entry's prior and the recorded trial outcomes."""
from __future__ import absolute_import, division, print_function

import pytest

from pleximprovement.fixes import efficacy
from pleximprovement.runtime import FileStore


def test_efficacy_starts_at_the_prior_and_moves_with_outcomes():
    assert efficacy.efficacy_mean(None, 'safe_decoding') == pytest.approx(0.7)
    history = {}
    for outcome in ('KEEP', 'keep', True):
        history = efficacy.update_efficacy(history, 'browser_headers', outcome)
    assert efficacy.posterior(history, 'browser_headers') == (4.0, 1.0)
    assert efficacy.efficacy_mean(history, 'browser_headers') == pytest.approx(0.8)
    worse = efficacy.update_efficacy(history, 'browser_headers', 'ROLLBACK')
    assert efficacy.efficacy_mean(worse, 'browser_headers') == pytest.approx(4.0 / 6.0)
    same = efficacy.update_efficacy(worse, 'browser_headers', 'MONITOR')
    assert efficacy.posterior(same, 'browser_headers') == efficacy.posterior(worse, 'browser_headers')
    assert same['browser_headers']['monitored'] == 1
    assert history['browser_headers']['rolled_back'] == 0  # inputs are not changed


def test_update_efficacy_refuses_unknown_fixes_and_outcomes():
    with pytest.raises(KeyError):
        efficacy.update_efficacy({}, 'no_such_fix', 'KEEP')
    with pytest.raises(ValueError):
        efficacy.update_efficacy({}, 'browser_headers', 'maybe')


def test_custom_fixes_start_at_beta_1_1():
    history = efficacy.update_efficacy({}, 'custom:longer_search', 'KEEP')
    assert efficacy.posterior(history, 'custom:longer_search') == (2.0, 1.0)
    assert efficacy.efficacy_mean({}, 'custom:other') == 0.5


def test_efficacy_persists_through_a_store(tmpdir):
    store = FileStore(str(tmpdir))
    assert efficacy.load_efficacy(store) == {}
    efficacy.save_efficacy(store, efficacy.update_efficacy({}, 'title_variants', 'ROLLBACK'))
    assert efficacy.posterior(efficacy.load_efficacy(store), 'title_variants') == (1.0, 2.0)
