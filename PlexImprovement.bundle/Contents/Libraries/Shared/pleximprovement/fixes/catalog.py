# -*- coding: utf-8 -*-
"""The fix catalog: what can be changed on an agent, for which failure kinds, with which parameters.

Each entry (``FixSpec``) states its id, title, the finding kinds it addresses with a
coverage, its parameters with their allowed values, the alternatives to try once the
defaults were attempted, and the Beta prior of its efficacy (fixes/efficacy.py). In: a
finding kind or a fix id; out: entries, their parameter sets and their estimate::

    failure_share = sum(count(finding) * coverage(F, finding.kind)) / failures(A)
    expected      = failure_share * efficacy(F)

``failures(A)`` is the number of failure events in agent A's findings (framework noise
excluded); ``coverage`` is the share of one kind's failures the fix acts on at all (retrying
cannot shorten a timeout, so it covers half of them); ``efficacy`` is how often the fix has
been kept after a Phase 4 trial on this server (fixes/efficacy.py). How proposals are
ranked, prioritised and given a confidence: diagnose/proposals.py.
"""
from __future__ import absolute_import, division, print_function

import json


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
        failure events; ``efficacy`` the posterior mean from ``efficacy.efficacy_mean``.
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
BY_ID = dict((spec.fix_id, spec) for spec in CATALOG)


def get(fix_id):
    """The catalog entry for ``fix_id`` (KeyError when there is none)."""
    return BY_ID[fix_id]


def fixes_for_kind(kind):
    """Ids of the entries that address ``kind``, in catalog order."""
    return [spec.fix_id for spec in CATALOG if spec.coverage(kind) > 0]


def params_key(params):
    """A canonical text for a parameter dict, so equal settings compare equal."""
    return json.dumps(params or {}, sort_keys=True)
