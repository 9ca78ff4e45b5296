# -*- coding: utf-8 -*-
"""The fix catalog: every fix module, listed once, and what diagnosis and the installer read from it.

MODULES is the one list of fix modules (fixes/entries/, the fix contract). Each module states
its id, title, lever, the finding kinds it addresses with a coverage, its parameters with their
ranges, the alternatives to try once the defaults were attempted and the Beta prior of its
efficacy (fixes/efficacy.py); ``FixSpec`` reads those. Custom fixes (unified diffs in the data
folder's custom_fixes/, ids 'custom:<name>') are listed from a data folder. In: a finding kind, a
fix id, a data folder. Out: entries, their parameter sets and estimates, and the module that
implements an id::

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

from .. import names
from . import parameters
from .entries import (agent_timeout_pref, browser_headers, clear_cache, custom, network_timeout, response_cache,
                      retry_backoff, safe_decoding, title_variants)
from .errors import UnknownFix

MODULES = (browser_headers, retry_backoff, network_timeout, agent_timeout_pref, response_cache, clear_cache,
           title_variants, safe_decoding)
CUSTOM_PREFIX = custom.ID_PREFIX


class FixSpec(object):
    """One catalog entry, read from its fix module (or a custom fix).

    ``addresses`` maps finding kind -> coverage (0..1); ``parameters`` maps name -> spec
    (fixes/parameters.py: type, default, range, doc); ``alternatives`` is the ordered list of
    parameter overrides to try when the defaults were already attempted; ``prior`` is
    (alpha0, beta0); ``lever`` says what it changes ('overlay', 'prefs', 'cache', 'custom').
    """

    def __init__(self, module):
        self.module = module
        self.fix_id = module.ID
        self.title = module.TITLE
        self.lever = module.LEVER
        self.addresses = dict(module.ADDRESSES)
        self.parameters = module.PARAMETERS
        self.alternatives = list(module.ALTERNATIVES)
        self.prior = module.PRIOR
        self.doc = module.DOC

    def defaults(self):
        return dict((name, spec['default']) for name, spec in self.parameters.items())

    def normalise(self, params):
        """Defaults filled in, each value in canonical form; ValueError for an unknown name or a value
        out of its range (values may be text, as the command line and menu queries give them)."""
        merged = self.defaults()
        for name, value in (params or {}).items():
            if name not in self.parameters:
                raise ValueError("fix %s has no parameter '%s' (it has: %s)"
                                 % (self.fix_id, name, ', '.join(sorted(self.parameters)) or 'none'))
            try:
                merged[name] = parameters.check(self.parameters[name], value)
            except ValueError as error:
                raise ValueError('fix %s: %s=%s' % (self.fix_id, name, error))
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

    def describe(self):
        """A JSON-able description: id, title, lever, addresses, parameters, alternatives, prior, doc."""
        return {'id': self.fix_id, 'title': self.title, 'lever': self.lever, 'addresses': self.addresses,
                'parameters': self.parameters, 'alternatives': self.alternatives, 'prior': list(self.prior),
                'doc': self.doc}


CATALOG = tuple(FixSpec(module) for module in MODULES)
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


def is_custom(fix_id):
    return (fix_id or '').startswith(CUSTOM_PREFIX)


def custom_fixes(data_dir):
    """([FixSpec] of the custom fixes in the data folder, [(file name, why it is not one)])."""
    fixes, problems = custom.load_all(data_dir)
    return [FixSpec(fix) for fix in fixes], problems


def entries(data_dir=None):
    """Every entry: the catalog's, then the data folder's custom fixes (valid ones only)."""
    return list(CATALOG) + (custom_fixes(data_dir)[0] if data_dir else [])


def module_for(fix_id, data_dir=None):
    """The module implementing ``fix_id`` ('custom:<name>' is read from ``data_dir``); UnknownFix
    when there is none, Refused when a custom fix is not a usable diff."""
    if fix_id in BY_ID:
        return BY_ID[fix_id].module
    if is_custom(fix_id):
        return custom.load(data_dir, fix_id)
    raise UnknownFix("unknown fix '%s' (known: %s, and custom:<name> for DATA/%s/<name>.diff)"
                     % (fix_id, ', '.join(spec.fix_id for spec in CATALOG), names.CUSTOM_FIXES_DIR))


def resolver(data_dir):
    """fix id -> module, custom fixes read from ``data_dir`` (what the installer is given)."""
    return lambda fix_id: module_for(fix_id, data_dir)
