# -*- coding: utf-8 -*-
"""The fix catalog and how a fix's expected effect is estimated.

Expected improvement of fix F on agent A::

    failure_share = sum(count(finding) * coverage(F, finding.kind)) / failures(A)
    expected      = failure_share * efficacy(F)

``failures(A)`` is the number of failure events in A's findings (framework noise excluded);
``coverage`` is the share of one kind's failures the fix acts on at all (retrying cannot
shorten a timeout, so it covers half of them); ``efficacy`` is how often the fix has been
kept after a Phase 4 trial on this server: the mean of a Beta posterior.

Ranking across agents uses ``expected_gain = expected * failures(A) / operations(A)``
(capped at 1; operations = searches + updates; equal to ``expected`` when no operation was
logged): the share of A's work the fix is expected to recover. For one agent it orders
fixes exactly like ``expected``; across agents it keeps an agent whose 4 failures in 40
searches are all timeouts (expected 0.5, gain 0.05) from outranking one with 30 blocked
fetches out of 40 failures in 50 searches (expected 0.375, gain 0.3).

Prior: every entry states Beta(alpha0, beta0) with alpha0 + beta0 = 2, i.e. worth two trials
of evidence, centred on a written guess (0.4 to 0.7, see each entry). Two pseudo-trials keep
the guess from dominating once this server's own results arrive: after 3 trials those
results carry 60 % of the weight. A KEEP adds 1 to alpha, a ROLLBACK 1 to beta; MONITOR (too few items to
tell) changes nothing.

Priority: HIGH when expected >= 0.25 and the fix addresses >= 5 failure events; MEDIUM when
expected >= 0.10 (or HIGH-sized on fewer events); LOW otherwise.

Confidence comes from the sample size: the 95 % Wilson interval of failure_share over
failures(A) events; confidence = 1 - interval width; label high when the width <= 0.2,
medium <= 0.4, low otherwise.
"""
from __future__ import absolute_import, division, print_function

import copy
import json
import math

from ..names import EFFICACY_ITEM

HIGH_EXPECTED = 0.25
HIGH_MIN_EVENTS = 5
MEDIUM_EXPECTED = 0.10
CONFIDENCE_HIGH_WIDTH = 0.2
CONFIDENCE_MEDIUM_WIDTH = 0.4
WILSON_Z = 1.96

KEEP_OUTCOMES = frozenset(['keep', 'kept', 'success', 'improved'])
ROLLBACK_OUTCOMES = frozenset(['rollback', 'rolled_back', 'failure', 'worse', 'no_effect'])
NEUTRAL_OUTCOMES = frozenset(['monitor', 'inconclusive'])


class FixSpec(object):
    """One catalog entry.

    ``addresses`` maps finding kind -> coverage (0..1); ``parameters`` maps name ->
    {'default': value, 'allowed': [values], 'doc': text}; ``alternatives`` is the ordered
    list of parameter overrides to try when the defaults were already attempted; ``prior``
    is (alpha0, beta0). apply/verify/rollback are hooks for Phase 3.
    """

    def __init__(self, fix_id, title, addresses, parameters, alternatives, prior, doc):
        self.fix_id = fix_id
        self.title = title
        self.addresses = dict(addresses)
        self.parameters = parameters
        self.alternatives = list(alternatives)
        self.prior = prior
        self.doc = doc

    def defaults(self):
        return dict((name, spec['default']) for name, spec in self.parameters.items())

    def normalise(self, params):
        """Defaults filled in; ValueError for an unknown name or a value not allowed."""
        merged = self.defaults()
        for name, value in (params or {}).items():
            if name not in self.parameters:
                raise ValueError('fix %s has no parameter %r' % (self.fix_id, name))
            allowed = self.parameters[name]['allowed']
            if value not in allowed:
                raise ValueError('fix %s: %s=%r is not one of %r' % (self.fix_id, name, value, allowed))
            merged[name] = value
        return merged

    def parameter_sets(self):
        """Defaults first, then each alternative, all normalised."""
        return [self.normalise({})] + [self.normalise(alt) for alt in self.alternatives]

    def coverage(self, kind):
        return self.addresses.get(kind, 0.0)

    def estimate(self, findings, agent_failures, efficacy):
        """(addressed_events, failure_share, expected_improvement) for this agent's findings.

        ``findings`` are dicts with 'kind' and 'count'; ``agent_failures`` the agent's total
        failure events; ``efficacy`` the posterior mean from ``efficacy_mean``.
        """
        weighted = sum(f['count'] * self.coverage(f['kind']) for f in findings)
        addressed = sum(f['count'] for f in findings if self.coverage(f['kind']) > 0)
        share = min(1.0, float(weighted) / agent_failures) if agent_failures else 0.0
        return addressed, share, share * efficacy

    def hook_missing(self, hook):
        raise NotImplementedError('fix %r: %s() is not implemented yet; applying fixes belongs to '
                                  'Phase 3 (fixes/ apply, verify, rollback)' % (self.fix_id, hook))

    def apply(self, context, params):
        """Install the overlay on the agent with ``params`` (Phase 3)."""
        self.hook_missing('apply')

    def verify(self, context, params):
        """Check the installed overlay compiles and is active (Phase 3)."""
        self.hook_missing('verify')

    def rollback(self, context):
        """Remove the overlay, restoring the agent from backup (Phase 3)."""
        self.hook_missing('rollback')


def param(default, allowed, doc):
    """A parameter description; the default is always among the allowed values."""
    values = list(allowed)
    if default not in values:
        values.insert(0, default)
    return {'default': default, 'allowed': values, 'doc': doc}


TITLE_STRATEGIES = ('strip_year', 'strip_release_tags', 'strip_punctuation', 'strip_accents',
                    'strip_leading_article', 'split_separators')

CATALOG = (
    FixSpec('browser_headers', 'Browser-like request headers',
            {'blocked': 1.0},
            {'profile': param('chrome_desktop', ['firefox_desktop', 'safari_mac'],
                              'User-Agent and Accept headers of a current browser'),
             'referer': param('site_root', ['none'], 'send the site root as Referer'),
             'accept_language': param('en-US,en;q=0.9', ['en', '*'], 'Accept-Language header')},
            [{'profile': 'firefox_desktop'}, {'profile': 'safari_mac', 'referer': 'none'}],
            (1.0, 1.0),
            'Prior 0.5: header checks are often what a 403 wall tests, but JavaScript challenges '
            'are not passed by headers.'),
    FixSpec('retry_backoff', 'Retry with exponential backoff honouring Retry-After',
            {'rate_limited': 1.0, 'server_error': 1.0, 'timeout': 0.5, 'network_error': 0.5},
            {'max_retries': param(3, [2, 5], 'retries after the first attempt'),
             'base_delay_seconds': param(2.0, [1.0, 5.0], 'first wait, doubled each retry'),
             'max_delay_seconds': param(60, [30, 120], 'cap on one wait and on Retry-After'),
             'honour_retry_after': param(True, [False], 'wait what the site asks for')},
            [{'max_retries': 5, 'base_delay_seconds': 5.0}, {'max_retries': 2, 'base_delay_seconds': 1.0}],
            (1.2, 0.8),
            'Prior 0.6: 429/5xx are transient by definition; a ban outlasts any backoff.'),
    FixSpec('longer_timeout', 'Longer network timeout',
            {'timeout': 1.0},
            {'timeout_seconds': param(45, [30, 60, 90], 'socket timeout for the agent\'s fetches')},
            [{'timeout_seconds': 90}, {'timeout_seconds': 30}],
            (1.0, 1.0),
            'Prior 0.5: helps slow sites, not dead ones.'),
    FixSpec('response_cache', 'Cache responses for repeated fetches',
            {'rate_limited': 0.5, 'server_error': 0.3, 'timeout': 0.3, 'blocked': 0.2},
            {'ttl_hours': param(24, [6, 72], 'how long a cached page is reused'),
             'max_entries': param(2000, [500, 10000], 'cache size bound')},
            [{'ttl_hours': 72}, {'ttl_hours': 6}],
            (0.8, 1.2),
            'Prior 0.4: only repeated fetches are saved; first fetches still fail.'),
    FixSpec('title_variants', 'Retry an empty search with title variants',
            {'title_never_matched': 1.0},
            {'strategies': param(','.join(TITLE_STRATEGIES),
                                 ['strip_year,strip_release_tags,strip_punctuation',
                                  'strip_accents,strip_leading_article,split_separators'],
                                 'variant rules, tried in order'),
             'max_variants': param(6, [3, 10], 'searches added per empty search')},
            [{'max_variants': 10},
             {'strategies': 'strip_accents,strip_leading_article,split_separators'}],
            (1.0, 1.0),
            'Prior 0.5: many misses are release tags or years in the name; some are absent titles.'),
    FixSpec('safe_decoding', 'Decode names and pages with fallbacks',
            {'decoding_error': 1.0},
            {'encodings': param('utf-8,cp1252,latin-1', ['utf-8,latin-1'], 'tried in order'),
             'errors': param('replace', ['ignore'], 'what to do with bytes none decodes')},
            [{'encodings': 'utf-8,latin-1', 'errors': 'ignore'}],
            (1.4, 0.6),
            'Prior 0.7: decoding errors are deterministic and the fix addresses exactly them.'),
)
REGISTRY = dict((spec.fix_id, spec) for spec in CATALOG)


def get(fix_id):
    """The catalog entry for ``fix_id`` (KeyError when there is none)."""
    return REGISTRY[fix_id]


def fixes_for_kind(kind):
    """Ids of the entries that address ``kind``, in catalog order."""
    return [spec.fix_id for spec in CATALOG if spec.coverage(kind) > 0]


def params_key(params):
    """A canonical text for a parameter dict, so equal settings compare equal."""
    return json.dumps(params or {}, sort_keys=True)


# ---------------------------------------------------------------- efficacy (Beta posterior)

def posterior(history, fix_id):
    """(alpha, beta) for ``fix_id``: its prior plus the outcomes recorded in ``history``."""
    alpha, beta = REGISTRY[fix_id].prior if fix_id in REGISTRY else (1.0, 1.0)
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
    if fix_id not in REGISTRY:
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


# ---------------------------------------------------------------- priority and confidence

def expected_gain(expected, failures, operations):
    """The expected share of the agent's searches and updates recovered (see the docstring)."""
    if not operations:
        return expected
    return min(1.0, expected * failures / float(operations))


def priority(expected, addressed_events):
    """HIGH / MEDIUM / LOW from the thresholds in the module docstring."""
    if expected >= HIGH_EXPECTED and addressed_events >= HIGH_MIN_EVENTS:
        return 'HIGH'
    if expected >= MEDIUM_EXPECTED:
        return 'MEDIUM'
    return 'LOW'


def wilson_interval(successes, total, z=WILSON_Z):
    """95 % Wilson score interval (low, high) of a proportion; (0, 1) without data."""
    if total <= 0:
        return 0.0, 1.0
    p = float(successes) / total
    z2 = z * z
    centre = (p + z2 / (2.0 * total)) / (1.0 + z2 / total)
    half = z * math.sqrt(p * (1.0 - p) / total + z2 / (4.0 * total * total)) / (1.0 + z2 / total)
    return max(0.0, centre - half), min(1.0, centre + half)


def confidence(share, sample):
    """(value, label) from the Wilson width of ``share`` measured on ``sample`` events."""
    successes = int(round(share * sample))
    low, high = wilson_interval(successes, sample)
    width = high - low
    if width <= CONFIDENCE_HIGH_WIDTH:
        label = 'high'
    elif width <= CONFIDENCE_MEDIUM_WIDTH:
        label = 'medium'
    else:
        label = 'low'
    return round(1.0 - width, 3), label
