# -*- coding: utf-8 -*-
"""Stopping a trial as soon as its decision can no longer change (deterministic curtailment).

In: the pairs judged so far (before / after success, the new error classes of the after
refresh) and what is known of the pairs still to come: the baseline result of each (the
before-refreshes all run before the fix is applied, so usually known), or nothing. Out:
the set of decisions still reachable, and the decision once that set has one member.

Reachable: the items left can only move the counts within bounds -- an item that failed
before can improve or stay, one that succeeded before can worsen or stay, one whose
baseline is unknown can do any of the three. Every reachable (improved, worsened) at the
end is checked with decide.py's rule; when all give the same decision, refreshing the rest
cannot change it, and the trial stops. The current counts are one of the reachable ends
(the rest all unchanged), so the settled decision's reason is the current one. This is
exact for the statistics: stopping early gives the decision that refreshing every item
would give, whatever those items would have shown.

The new-error threshold: its count only grows, so once it is exceeded ROLLBACK is settled.
Whether the skipped items could still exceed it is not known; with Rules(errors_exact=
True) a threshold the skipped items could exceed keeps the trial going (ROLLBACK stays
reachable), which in practice prevents most early stops; by default (errors_exact=False)
a new error class is judged on the items refreshed, and an early KEEP or MONITOR differs
from the full trial's decision (ROLLBACK, new_errors) only when a new class would have
crossed the threshold on skipped items alone.

Which item next: any order keeps the decision exact, but some settle sooner. next_kind()
says which baseline to take next: while the current counts would KEEP, an item that
succeeded before (it can only worsen: the one risk left to rule out); otherwise one that
failed before (it can only improve: the evidence a KEEP needs, and what a weak fix must
fail to show before ROLLBACK or MONITOR is settled). The bench measures the difference.

    Curtailment(baselines, rules)     baselines: one entry per planned pair: True / False
                                      (baseline success) or None (not known)
    .add(before, after, new_errors=())  one judged pair; it takes the place of an item
                                      listed with that baseline (else of an unknown one)
    .skip(before)                     a pair that cannot be judged (its refresh never
                                      finished) leaves the plan
    .next_kind() -> True / False / None (take an item whose baseline is that; None: any)
    .reachable() -> sorted decisions, .settled() -> (decision, reason) or None,
    .status() -> dict for the report (counts, reachable, settled, saved)
    run(pairs, batch=1, rules, baseline_known=True, adaptive=False) -> a whole trial over
                                      a list of {'before', 'after', 'new_errors'}: what the
                                      bench and the property test drive; adaptive: in
                                      next_kind() order instead of the list's
"""
from __future__ import absolute_import, division, print_function

from .decide import DEFAULT_RULES, KEEP, ROLLBACK, decide


def reachable_ends(improved, worsened, failed_before, succeeded_before, unknown):
    """Every (improved, worsened) the pairs left can produce (see the module docstring)."""
    ends = set()
    for more_improved in range(failed_before + unknown + 1):
        from_unknown = max(0, more_improved - failed_before)
        for more_worsened in range(succeeded_before + unknown - from_unknown + 1):
            if from_unknown + max(0, more_worsened - succeeded_before) <= unknown:
                ends.add((improved + more_improved, worsened + more_worsened))
    return ends


class Curtailment(object):
    """The running state of one trial's after-refreshes (see the module docstring)."""

    def __init__(self, baselines, rules=DEFAULT_RULES):
        self.rules = rules
        self.left = {True: 0, False: 0, None: 0}
        for baseline in baselines:
            self.left[baseline] += 1
        self.planned = sum(self.left.values())
        self.improved = 0
        self.worsened = 0
        self.unchanged = 0
        self.skipped = 0
        self.new_errors = {}

    @property
    def done(self):
        return self.improved + self.worsened + self.unchanged

    @property
    def remaining(self):
        return sum(self.left.values())

    @property
    def new_error_items(self):
        return max(self.new_errors.values()) if self.new_errors else 0

    def take(self, before):
        """Remove the item listed with baseline `before` (an unknown one when none is)."""
        listed = before if self.left.get(before) else None
        if not self.left[listed]:
            raise ValueError('no pair left to judge')
        self.left[listed] -= 1

    def add(self, before, after, new_errors=()):
        self.take(before)
        if after and not before:
            self.improved += 1
        elif before and not after:
            self.worsened += 1
        else:
            self.unchanged += 1
        for name in set(new_errors):
            self.new_errors[name] = self.new_errors.get(name, 0) + 1

    def skip(self, before):
        """A pair listed with baseline `before` that cannot be judged leaves the plan."""
        self.take(before)
        self.planned -= 1
        self.skipped += 1

    def next_kind(self):
        keep_now = decide(self.improved, self.worsened, self.planned, self.new_error_items, self.rules)[0] == KEEP
        for kind in ((True, False) if keep_now else (False, True)):
            if self.left[kind]:
                return kind
        return None

    def decisions(self, stop_at_two=False):
        """The set of reachable decisions (only the first two found when stop_at_two)."""
        rules = self.rules
        errors = self.new_error_items
        found = set()
        if rules.errors_exact and errors + self.remaining > rules.new_error_limit(self.planned):
            found.add(ROLLBACK)
        ends = reachable_ends(self.improved, self.worsened, self.left[False], self.left[True], self.left[None])
        for improved, worsened in ends:
            found.add(decide(improved, worsened, self.planned, errors, rules)[0])
            if stop_at_two and len(found) > 1:
                break
        return found

    def reachable(self):
        return sorted(self.decisions())

    def settled(self):
        """(decision, reason) once only one decision is reachable, else None."""
        if len(self.decisions(stop_at_two=True)) != 1:
            return None
        return decide(self.improved, self.worsened, self.planned, self.new_error_items, self.rules)

    def status(self):
        settled = self.settled()
        return {
            'planned': self.planned, 'done': self.done, 'left': self.remaining, 'skipped': self.skipped,
            'improved': self.improved, 'worsened': self.worsened, 'unchanged': self.unchanged,
            'new_error_items': self.new_error_items, 'reachable': self.reachable(),
            'decision': settled[0] if settled else None, 'reason': settled[1] if settled else None,
            'refreshes_saved': self.remaining if settled else 0,
        }


def pick(pool, kind):
    """Index of the first pair in `pool` whose baseline is `kind` (any when None)."""
    for index, pair in enumerate(pool):
        if kind is None or pair['before'] is kind:
            return index
    return 0


def run(pairs, batch=1, rules=DEFAULT_RULES, baseline_known=True, adaptive=False):
    """A whole trial over `pairs`, checking after every `batch` pairs; returns
    Curtailment.status() at the stop (the decision is always settled once every pair is in)."""
    state = Curtailment([p['before'] if baseline_known else None for p in pairs], rules)
    pool = list(pairs)
    while pool:
        for _number in range(min(max(1, batch), len(pool))):
            kind = state.next_kind() if adaptive and baseline_known else None
            pair = pool.pop(pick(pool, kind))
            state.add(pair['before'], pair['after'], pair.get('new_errors') or ())
        if state.settled() is not None:
            break
    return state.status()
