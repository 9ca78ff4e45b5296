# -*- coding: utf-8 -*-
"""The trial of one fix on one agent: a fresh baseline, the fix, the same items again, the decision.

In: a server client (pms/), the fix installer and the agent's Target (fixes/), the fix id and
parameters, the store for reports and windows (the plug-in's Data items, or DATA/DataItems
offline), the server's plug-in logs folder, the last diagnosis (its findings name the items),
Options, and optionally the contributor's record, a progress callback and a stop switch.
Out: run_trial(...) -> the result dict the report, the command line and the loop read (see
report/trial.py for every key), with the report saved and the fix's efficacy updated.

Steps (each refresh: trial/refreshing.py):
 1. items (trial/items.py); none -> TrialRefused. A fix already applied is rolled back for
    the baseline and applied again after it; otherwise the installer's preview must accept it
    (else the installer's Refused propagates: nothing was changed).
 2. clear the agent's HTTP cache, refresh every item: the baseline, judged per item.
 3. apply the fix (fixes/installer.py: backed up, journaled; the journal is the fix's record).
 4. refresh the items again, in the order sequential.Curtailment asks for, `batch` at a time,
    until the decision can no longer change; the refreshes not needed are `refreshes_saved`.
 5. decide (decide.verdict); ROLLBACK rolls the fix back, KEEP and MONITOR leave it applied.
An unreachable server, a refused token, a server timeout, refreshes that never finish
(`max_unfinished` in a row), a back-off longer than `max_wait` or the stop switch end the
trial at once with MONITOR and that reason: what was measured is in the report, the fix is in
the state the journal says (applied, or rolled back only if it was off when the trial began).
"""
from __future__ import absolute_import, division, print_function

import time

from ..fixes import efficacy
from ..fixes.errors import Refused
from ..pms import completion
from ..pms import errors as pms_errors
from ..report.trial import save_report
from .backoff import BackoffRegistry
from .decide import DEFAULT_RULES, MONITOR, ROLLBACK, verdict
from .intents import Intents
from .items import choose
from .outcome import change
from .refreshing import BackedOff, Refresher
from .sequential import Curtailment, pick

SCHEMA = 1
SERVER_FAILURES = ((pms_errors.TokenRefused, 'token_refused'), (pms_errors.ServerUnreachable, 'server_unreachable'),
                   (pms_errors.ServerTimeout, 'server_timeout'), (pms_errors.PmsError, 'server_error'))


class TrialRefused(Exception):
    """The trial cannot start (nothing to test); nothing was changed."""


class Interrupted(Exception):
    """The trial ends early with MONITOR: `reason` (a word) and `detail` (a sentence)."""

    def __init__(self, reason, detail):
        Exception.__init__(self, '%s: %s' % (reason, detail))
        self.reason = reason
        self.detail = detail


class Options(object):
    """The trial's tunables; tests shorten the waits."""

    def __init__(self, limit=20, batch=1, rules=DEFAULT_RULES, deadline=completion.DEFAULT_DEADLINE,
                 settle=completion.DEFAULT_SETTLE, waiter=completion.DEFAULT_WAITER, max_wait=1800.0,
                 max_unfinished=3, backoff_base=None, backoff_cap=None, clock=time.time):
        self.limit = limit
        self.batch = max(1, int(batch))
        self.rules = rules
        self.deadline = deadline
        self.settle = settle
        self.waiter = waiter
        self.max_wait = max_wait
        self.max_unfinished = max_unfinished
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.clock = clock


def summary(record):
    """What the report keeps of one refresh record."""
    outcome = record['outcome']
    after = record['after'] or {}
    return {'success': outcome['success'], 'state': outcome['state'], 'guid': after.get('guid'),
            'guid_agent': outcome['guid_agent'], 'title': after.get('title'), 'year': after.get('year'),
            'fields': outcome['fields'], 'plausible': outcome['plausibility']['plausible'], 'errors': outcome['errors'],
            'search': record['evidence']['search_outcome'], 'signal': record['signal'],
            'seconds': record['seconds'], 'contributor': record['contributor']}


def item_info(entry):
    item = entry['item']
    return {'rating_key': item['rating_key'], 'title': item.get('title'), 'year': item.get('year'),
            'file': item.get('file'), 'source': entry['source']}


class Trial(object):
    """One run (see the module docstring); `run()` returns the result dict."""

    def __init__(self, client, installer, target, fix_id, store, plugin_logs_dir, params=None, diagnosis=None,
                 options=None, contributions=None, progress=None, should_stop=None):
        self.client = client
        self.installer = installer
        self.target = target
        self.fix_id = fix_id
        self.params = params
        self.store = store
        self.diagnosis = diagnosis
        self.options = options or Options()
        self.progress = progress or (lambda phase, done, total: None)
        self.should_stop = should_stop or (lambda: False)
        backoff = BackoffRegistry(store, self.options.clock, self.options.backoff_base, self.options.backoff_cap)
        self.refresher = Refresher(client, target.identifier, plugin_logs_dir, target.caches_dir,
                                   Intents(store, self.options.clock), backoff, contributions, fix_id,
                                   self.options.deadline, self.options.settle, self.options.waiter,
                                   self.options.max_wait, self.should_stop)
        self.pairs = []
        self.refreshes = 0
        self.unfinished = 0
        self.was_applied = False
        self.applied = False
        self.curtailment = None
        self.result = {'schema': SCHEMA, 'fix': fix_id, 'agent': target.identifier, 'bundle': target.name,
                       'started': self.options.clock(), 'interrupted': None, 'notes': [], 'params': params,
                       'sections': [], 'refreshes_full': 0, 'change': None, 'cache_files_cleared': 0}
        self.items = {}

    # -- the steps ---------------------------------------------------------------------------
    def run(self):
        try:
            self.prepare()
            self.baseline()
            planned = self.planned()
            self.curtailment = Curtailment([p['before']['success'] for p in planned], self.options.rules)
            self.result['refreshes_full'] = len(self.pairs) + len(planned)
            if self.curtailment.settled() is None:
                self.apply_fix()
                self.after_refreshes(planned)
            else:
                self.result['notes'].append('the baseline alone settles the decision: the fix was not applied')
        except Interrupted as stop:
            self.result['interrupted'] = {'reason': stop.reason, 'detail': stop.detail}
        except BackedOff as error:
            self.result['interrupted'] = {'reason': 'site_backoff', 'detail': u'%s' % (error,)}
        except pms_errors.PmsError as error:
            reason = [name for kind, name in SERVER_FAILURES if isinstance(error, kind)][0]
            self.result['interrupted'] = {'reason': reason, 'detail': u'%s' % (error,)}
        self.conclude()
        return self.result

    def check_stop(self):
        if self.should_stop():
            raise Interrupted('stopped', 'stopped on request')

    def prepare(self):
        self.progress('items', 0, 1)
        applied = self.installer.applied(self.target)
        self.was_applied = self.applied = self.fix_id in applied
        if self.was_applied:
            self.params = applied[self.fix_id]
        else:
            self.params = self.installer.preview(self.target, self.fix_id, self.params)['params']
        self.result['params'] = self.params
        chosen, sections = choose(self.client, self.target.identifier, self.fix_id, self.diagnosis,
                                  self.options.limit)
        self.result['sections'] = [{'id': s['id'], 'title': s['title']} for s in sections]
        if not chosen:
            raise TrialRefused('no item to test: no library section uses %s, or its sections have no item the '
                               'diagnosis names and no unmatched item' % (self.target.identifier,))
        self.pairs = [{'item': item_info(entry), 'before': None, 'after': None, 'change': None} for entry in chosen]
        self.items = dict((entry['item']['rating_key'], entry['item']) for entry in chosen)
        self.result['refreshes_full'] = 2 * len(chosen)
        if self.was_applied:
            self.installer.rollback(self.target, self.fix_id)
            self.applied = False
            self.result['notes'].append('the fix was applied: rolled back for the baseline, then applied again')
        self.result['cache_files_cleared'] = self.refresher.clear_cache()

    def refresh(self, pair, phase):
        self.check_stop()
        record = self.refresher.refresh(self.items[pair['item']['rating_key']], phase)
        self.refreshes += 1
        self.items[pair['item']['rating_key']] = record['after']
        if record['finished']:
            self.unfinished = 0
        else:
            self.unfinished += 1
            if self.unfinished >= self.options.max_unfinished:
                raise Interrupted('refreshes_unfinished', '%d refreshes in a row did not finish within %s s'
                                  % (self.unfinished, self.options.deadline))
        return summary(record)

    def baseline(self):
        for done, pair in enumerate(self.pairs):
            self.progress('before', done, len(self.pairs))
            pair['before'] = self.refresh(pair, 'before')
        self.progress('before', len(self.pairs), len(self.pairs))

    def apply_fix(self):
        self.check_stop()
        self.progress('apply', 0, 1)
        try:
            outcome = self.installer.apply(self.target, self.fix_id, self.params)
        except Refused as error:
            raise Interrupted('fix_refused', u'%s' % (error,))
        self.applied = not outcome['rolled_back']
        self.result['change'] = outcome['change']
        if not self.applied:
            raise Interrupted('agent_did_not_start', outcome['rolled_back'])

    def planned(self):
        return [p for p in self.pairs if p['before'] is not None and p['before']['success'] is not None]

    def after_refreshes(self, planned):
        pool = list(planned)
        state = self.curtailment
        seen_before = set()
        for pair in pool:
            seen_before.update(pair['before']['errors'])
        total = len(pool)
        while pool and state.settled() is None:
            for _number in range(min(self.options.batch, len(pool))):
                self.progress('after', total - len(pool), total)
                pair = pool.pop(pick([{'before': p['before']['success']} for p in pool], state.next_kind()))
                pair['after'] = after = self.refresh(pair, 'after')
                if after['success'] is None:
                    state.skip(pair['before']['success'])
                    continue
                pair['change'] = change(pair['before'], after)
                state.add(pair['before']['success'], after['success'], set(after['errors']) - seen_before)
        self.progress('after', total - len(pool), total)

    # -- the end -----------------------------------------------------------------------------
    def counts(self):
        state = self.curtailment
        if state is None:
            return {'improved': 0, 'worsened': 0, 'unchanged': 0, 'planned': len(self.planned()), 'new_errors': {},
                    'new_error_items': 0, 'saved': 0}
        # The refreshes a settled decision did not need (none when the trial was interrupted).
        status = state.status()
        return {'improved': state.improved, 'worsened': state.worsened, 'unchanged': state.unchanged,
                'planned': state.planned, 'new_errors': dict(state.new_errors),
                'new_error_items': state.new_error_items,
                'saved': status['refreshes_saved'] if status['decision'] and not self.result['interrupted'] else 0}

    def conclude(self):
        counts = self.counts()
        numbers = verdict(counts['improved'], counts['worsened'], counts['planned'], counts['new_error_items'],
                          self.options.rules)
        interrupted = self.result['interrupted']
        if interrupted:
            decision, reason = MONITOR, interrupted['reason']
        else:
            decision, reason = numbers['decision'], numbers['reason']
        self.result.update({
            'decision': decision, 'reason': reason, 'statistic': numbers, 'p_value': numbers['p_value'],
            'p_exact': numbers['p_exact'], 'alpha': numbers['alpha'],
            'discordant': {'improved': counts['improved'], 'worsened': counts['worsened']},
            'unchanged': counts['unchanged'], 'planned': counts['planned'], 'new_errors': counts['new_errors'],
            'pairs': self.pairs, 'refreshes': self.refreshes, 'refreshes_saved': counts['saved'],
            'backoff_waited': round(self.refresher.waited, 1),
            'contributor_seen': len([p for p in self.pairs for side in (p['before'], p['after'])
                                     if side is not None and side['contributor']]),
        })
        self.settle_fix(decision)
        self.result['finished'] = self.options.clock()
        self.record_efficacy(decision)
        self.result['report'] = save_report(self.store, self.result)

    def settle_fix(self, decision):
        """ROLLBACK takes the fix off; KEEP and MONITOR leave it on when the trial put it on, and put it
        back when the trial had taken it off for the baseline (an interruption, a decision the baseline
        settled). The installer's journal records every one of these changes."""
        try:
            if decision == ROLLBACK and self.applied:
                self.installer.rollback(self.target, self.fix_id)
                self.applied = False
            elif decision != ROLLBACK and self.was_applied and not self.applied:
                self.applied = not self.installer.apply(self.target, self.fix_id, self.params)['rolled_back']
        except Refused as error:
            self.result['notes'].append(u'the fix could not be put in its place: %s' % (error,))
        self.result['fix_state'] = 'applied' if self.applied else 'not_applied'

    def record_efficacy(self, decision):
        try:
            history = efficacy.update_efficacy(efficacy.load_efficacy(self.store), self.fix_id, decision)
        except KeyError:
            return
        efficacy.save_efficacy(self.store, history)


def run_trial(client, installer, target, fix_id, store, plugin_logs_dir, params=None, diagnosis=None, options=None,
              contributions=None, progress=None, should_stop=None):
    """The whole trial (see the module docstring) -> its result dict, report saved. TrialRefused or the
    installer's Refused when it cannot start; nothing was changed then."""
    return Trial(client, installer, target, fix_id, store, plugin_logs_dir, params, diagnosis, options, contributions,
                 progress, should_stop).run()
