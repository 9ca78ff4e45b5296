# -*- coding: utf-8 -*-
"""A fix's efficacy: how often it has been kept after a Phase 4 trial on this server.

In: a catalog fix id (or a custom fix's, 'custom:<name>') and the outcome history
({fix_id: {kept, rolled_back, monitored}}), saved as the Data item names.EFFICACY_ITEM. Out:
the Beta posterior of the fix's chance to be kept, and its mean (the ``efficacy`` factor of
catalog.FixSpec.estimate).

Prior: every catalog entry states Beta(alpha0, beta0) with alpha0 + beta0 = 2, i.e. worth
two trials of evidence, centred on a written guess (0.4 to 0.7, see each entry). Two
pseudo-trials keep the guess from dominating once this server's own results arrive: after 3
trials those results carry 60 % of the weight. A KEEP adds 1 to alpha, a ROLLBACK 1 to beta;
MONITOR (too few items to tell) changes nothing.
"""
from __future__ import absolute_import, division, print_function

import copy

from ..names import EFFICACY_ITEM
from .catalog import BY_ID, is_custom

KEEP_OUTCOMES = frozenset(['keep', 'kept', 'success', 'improved'])
ROLLBACK_OUTCOMES = frozenset(['rollback', 'rolled_back', 'failure', 'worse', 'no_effect'])
NEUTRAL_OUTCOMES = frozenset(['monitor', 'inconclusive'])


def posterior(history, fix_id):
    """(alpha, beta) for ``fix_id``: its prior (custom fixes: Beta(1, 1)) plus the outcomes in ``history``."""
    alpha, beta = BY_ID[fix_id].prior if fix_id in BY_ID else (1.0, 1.0)
    record = (history or {}).get(fix_id) or {}
    return alpha + record.get('kept', 0), beta + record.get('rolled_back', 0)


def efficacy_mean(history, fix_id):
    """Posterior mean: the expected chance that this fix is kept after a trial here."""
    alpha, beta = posterior(history, fix_id)
    return float(alpha) / (alpha + beta)


def outcome_field(outcome):
    """'kept', 'rolled_back' or 'monitored' for a Phase 4 decision (str or bool)."""
    if outcome is True or outcome is False:
        return 'kept' if outcome else 'rolled_back'
    name = (u'%s' % (outcome,)).strip().lower()
    if name in KEEP_OUTCOMES:
        return 'kept'
    if name in ROLLBACK_OUTCOMES:
        return 'rolled_back'
    if name in NEUTRAL_OUTCOMES:
        return 'monitored'
    raise ValueError('unknown trial outcome %r' % (outcome,))


def update_efficacy(history, fix_id, outcome):
    """A new history with one Phase 4 outcome of ``fix_id`` counted (the input is not changed).

    KEEP counts as a success, ROLLBACK as a failure, MONITOR is recorded but leaves the
    posterior as it was (it means "too few items to tell").
    """
    if fix_id not in BY_ID and not is_custom(fix_id):
        raise KeyError('no fix %r in the catalog' % (fix_id,))
    updated = copy.deepcopy(history or {})
    record = updated.setdefault(fix_id, {'kept': 0, 'rolled_back': 0, 'monitored': 0})
    field = outcome_field(outcome)
    record[field] = record.get(field, 0) + 1
    return updated


def load_efficacy(store):
    """The efficacy history saved in ``store`` (empty when none was saved)."""
    history = store.load_json(EFFICACY_ITEM, default=None)
    return history if isinstance(history, dict) else {}


def save_efficacy(store, history):
    store.save_json(EFFICACY_ITEM, history)
