# -*- coding: utf-8 -*-
"""`make bench` (Phase 4): refreshes per trial decision, stopping early vs always 20 items.

Simulates TRIALS trials of PLANNED items each, with random effect sizes, and decides each
one twice with trial/decide.py and trial/sequential.py: once after refreshing every item
(the fixed design) and once stopping as soon as the decision can no longer change. Prints
the refreshes each design spends per decision, whether the decisions agree (they must:
the stop is exact for outcomes), and the savings by decision and by effect size.

The effect model (one draw per trial, all uniform):
  * baseline: each item succeeds before the fix with probability U(0, 0.3) (the trial
    tests items the finding names as failing; some succeed on a fresh refresh);
  * improvement: an item that failed before succeeds after with probability 0 in a quarter
    of the trials (a fix that does nothing), else U(0, 1);
  * harm: an item that succeeded before fails after with probability U(0, 0.5) in a fifth
    of the trials, else 0.
Designs, in refreshes (an item costs one refresh before and one after the fix):
  * fixed: 20 before + 20 after = 40;
  * baseline first (what the issue describes): every before-refresh, then the after-
    refreshes in batches, stopping early; the items' baseline results are known; in the
    order given, or adaptive (sequential.py next_kind(): the order that settles sooner);
  * paired batches: before and after per batch (the fix applied and rolled back around
    each batch), stopping early; the baselines of the items left are unknown.
The after-refreshes alone are shown too (the part early stopping can save in the first
design). No assertion: the goal (same decisions with at least 30 % fewer refreshes) is
printed next to the figures.

The bound: an oracle that knows every after-refresh's outcome in advance and picks the
fewest after-refreshes whose counts already settle the decision (sequential.py's rule,
the baselines known). No exact stopping rule can spend fewer, so it is the most any
ordering or batching of this design could save (decisions.md #22).
"""
from __future__ import absolute_import, division, print_function

import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(os.path.dirname(HERE), 'PlexImprovement.bundle', 'Contents', 'Libraries', 'Shared')
if SHARED not in sys.path:
    sys.path.insert(0, SHARED)

from pleximprovement.trial.decide import DECISIONS, Rules, decide  # noqa: E402 (after the path)
from pleximprovement.trial.sequential import Curtailment, run  # noqa: E402

SEED = 20240502
TRIALS = 2000
PLANNED = 20
BATCHES = (1, 3, 5)
GOAL = 0.30
BANDS = ((0.0, 0.0, 'none (0)'), (0.0, 0.25, '(0, 0.25]'), (0.25, 0.5, '(0.25, 0.5]'), (0.5, 0.75, '(0.5, 0.75]'),
         (0.75, 1.0, '(0.75, 1]'))


def draw_trial(rng):
    """(improvement probability, list of {'before', 'after'}) for one simulated trial."""
    baseline = rng.uniform(0, 0.3)
    improve = 0.0 if rng.random() < 0.25 else rng.uniform(0, 1)
    harm = rng.uniform(0, 0.5) if rng.random() < 0.2 else 0.0
    pairs = []
    for _item in range(PLANNED):
        before = rng.random() < baseline
        after = (rng.random() >= harm) if before else (rng.random() < improve)
        pairs.append({'before': before, 'after': after})
    return improve, pairs


def fixed_decision(pairs, rules):
    improved = sum(1 for p in pairs if p['after'] and not p['before'])
    worsened = sum(1 for p in pairs if p['before'] and not p['after'])
    return decide(improved, worsened, len(pairs), 0, rules)[0]


def band_of(improve):
    for low, high, name in BANDS:
        if (improve == 0 and high == 0) or low < improve <= high:
            return name
    return BANDS[-1][2]


def simulate(trials=TRIALS, seed=SEED, rules=None):
    """Every trial's effect, fixed decision and, per design and batch size, (decision, after
    refreshes used)."""
    rules = rules or Rules()
    rng = random.Random(seed)
    results = []
    oracle_cache = {}
    for _number in range(trials):
        improve, pairs = draw_trial(rng)
        row = {'improve': improve, 'fixed': fixed_decision(pairs, rules), 'designs': {},
               'oracle': PLANNED + oracle_after(composition(pairs), rules, oracle_cache)}
        for batch in BATCHES:
            first = run(pairs, batch=batch, rules=rules, baseline_known=True)
            adaptive = run(pairs, batch=batch, rules=rules, baseline_known=True, adaptive=True)
            paired = run(pairs, batch=batch, rules=rules, baseline_known=False)
            row['designs'][('baseline_first', batch)] = (first['decision'], PLANNED + first['done'])
            row['designs'][('adaptive', batch)] = (adaptive['decision'], PLANNED + adaptive['done'])
            row['designs'][('paired', batch)] = (paired['decision'], 2 * paired['done'])
        results.append(row)
    return results


def composition(pairs):
    """(improved, failed and unchanged, worsened, succeeded and unchanged) of a trial's pairs."""
    kinds = [(p['before'], p['after']) for p in pairs]
    return (kinds.count((False, True)), kinds.count((False, False)), kinds.count((True, False)),
            kinds.count((True, True)))


def oracle_after(counts, rules, cache):
    """The fewest after-refreshes that settle the decision for a trial of this composition,
    choosing which pairs to refresh with every outcome known (the bound; module docstring)."""
    if counts in cache:
        return cache[counts]
    improved, failed_same, worsened, succeeded_same = counts
    best = sum(counts)
    for a in range(improved + 1):
        for b in range(failed_same + 1):
            for c in range(worsened + 1):
                for d in range(succeeded_same + 1):
                    if a + b + c + d >= best:
                        continue
                    state = Curtailment([False] * (improved + failed_same) + [True] * (worsened + succeeded_same),
                                        rules)
                    for before, after, times in ((False, True, a), (False, False, b), (True, False, c),
                                                 (True, True, d)):
                        for _time in range(times):
                            state.add(before, after)
                    if state.settled() is not None:
                        best = a + b + c + d
    cache[counts] = best
    return best


def mean(values):
    return sum(values) / len(values) if values else 0.0


def summary_lines(results, elapsed):
    fixed = 2 * PLANNED
    lines = ['Phase 4 trials: %d simulated trials of %d items (seed %d, random effect sizes; %.1fs)'
             % (len(results), PLANNED, SEED, elapsed),
             '  fixed design: %d refreshes per decision (%d before + %d after the fix)' % (fixed, PLANNED, PLANNED)]
    best = None
    for design, label in (('baseline_first', 'baseline first'), ('adaptive', 'baseline first, adaptive order'),
                          ('paired', 'paired batches')):
        for batch in BATCHES:
            key = (design, batch)
            spent = mean([r['designs'][key][1] for r in results])
            agree = sum(1 for r in results if r['designs'][key][0] == r['fixed'])
            saved = 1 - spent / fixed
            after = ''
            if design != 'paired':
                after = '; after-refreshes %.1f of %d (%.1f %% fewer)' % (
                    spent - PLANNED, PLANNED, 100 * (1 - (spent - PLANNED) / PLANNED))
            lines.append('  %s, batches of %d: %.1f refreshes per decision (%.1f %% fewer), same decision in %d '
                         'of %d%s' % (label, batch, spent, 100 * saved, agree, len(results), after))
            if best is None or saved > best[0]:
                best = (saved, label, batch, agree == len(results))
    oracle = mean([r['oracle'] for r in results])
    lines.append('  bound (an oracle that knows every outcome): %.1f refreshes per decision (%.1f %% fewer); '
                 'after-refreshes %.1f of %d' % (oracle, 100 * (1 - oracle / fixed), oracle - PLANNED, PLANNED))
    key = ('adaptive', 3)
    lines.append('  by decision (baseline first, adaptive order, batches of 3):')
    for decision in DECISIONS:
        rows = [r for r in results if r['fixed'] == decision]
        if rows:
            spent = mean([r['designs'][key][1] for r in rows])
            lines.append('    %-8s %5d trials: %.1f refreshes (%.1f %% fewer)' % (
                decision, len(rows), spent, 100 * (1 - spent / fixed)))
    lines.append('  by improvement probability of a failing item (same design):')
    for _low, _high, name in BANDS:
        rows = [r for r in results if band_of(r['improve']) == name]
        if rows:
            spent = mean([r['designs'][key][1] for r in rows])
            kept = sum(1 for r in rows if r['fixed'] == 'KEEP')
            lines.append('    %-12s %5d trials, %3d %% KEEP: %.1f refreshes (%.1f %% fewer)' % (
                name, len(rows), round(100.0 * kept / len(rows)), spent, 100 * (1 - spent / fixed)))
    lines.append('  goal: same decisions with >= %d %% fewer refreshes: best %.1f %% (%s, batches of %d), '
                 'decisions %s -> %s' % (100 * GOAL, 100 * best[0], best[1], best[2],
                                         'identical' if best[3] else 'DIFFERENT',
                                         'met' if best[0] >= GOAL and best[3] else 'not met'))
    return lines


def main():
    started = time.time()
    results = simulate()
    print('')
    for line in summary_lines(results, time.time() - started):
        print(line)


if __name__ == '__main__':
    main()
