# -*- coding: utf-8 -*-
"""The simulator's assumptions (where plex-runtime.md and the framework source are silent) live
in one object: every entry has a stricter default, can be switched from a test or from
`make sim ARGS="--assume name=value"`, and the server really follows the switch."""
from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys

import pytest

from harness.pmssim.assumptions import ENTRIES, Assumptions

from .conftest import call


def test_every_entry_has_a_default_a_choice_and_a_decision_number():
    defaults = Assumptions()
    names = [entry.name for entry in ENTRIES]
    assert len(set(names)) == len(names)
    for entry in ENTRIES:
        assert entry.number.startswith('S') and entry.why and getattr(defaults, entry.name) == entry.default
        if entry.choices:
            assert entry.default in entry.choices
        else:
            assert isinstance(entry.default, (int, float))
    for name in ('matched_refresh', 'unforced_scan', 'accept_min_score', 'failed_update', 'item_activity',
                 'plugin_restart', 'main_log_max_bytes', 'parallel_refreshes'):
        assert name in names, name


def test_stricter_defaults():
    rules = Assumptions()
    assert rules.matched_refresh == 'update_only'
    assert rules.unforced_scan == 'new_files_only'
    assert rules.failed_update == 'untouched'
    assert rules.plugin_restart == 'system_only'
    assert rules.item_activity == 'seeded'
    assert rules.parallel_refreshes == 3


def test_switches_are_checked():
    with pytest.raises(ValueError):
        Assumptions(no_such_rule=1)
    with pytest.raises(ValueError):
        Assumptions(matched_refresh='sometimes')
    rules = Assumptions.parse(['matched_refresh=search_again', 'accept_min_score=60', 'activity_delay=0.25'])
    assert rules.matched_refresh == 'search_again' and rules.accept_min_score == 60
    assert rules.activity_delay == 0.25
    with pytest.raises(ValueError):
        Assumptions.parse(['parallel_refreshes'])
    assert Assumptions(plugin_restart='any').as_dict()['plugin_restart'] == 'any'


def test_seeded_activity_mixes_every_kind_and_repeats():
    rules = Assumptions()
    kinds = [rules.activity_for(3, number) for number in range(60)]
    assert set(kinds) == set(['shown', 'late', 'hidden'])
    assert kinds == [Assumptions().activity_for(3, number) for number in range(60)]
    assert set(Assumptions(item_activity='hidden').activity_for(3, n) for n in range(10)) == set(['hidden'])


def test_make_sim_takes_assumptions(tmpdir, harness_environ):
    app_support = os.path.join(str(tmpdir), 'Plex Media Server')
    proc = subprocess.Popen([sys.executable, '-m', 'harness.pmssim', '--size', '4', '--app-support', app_support,
                             '--assume', 'plugin_restart=any'],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=harness_environ)
    try:
        fields = proc.stdout.readline().decode('utf-8').split()
        assert fields and fields[0] == 'PMS', proc.stderr.read()
        base, token = fields[1], fields[2].split('=', 1)[1]
        assert call(base, '/:/plugins/com.plexapp.agents.sampleagent/restart', token=token)[0] == 200
    finally:
        proc.terminate()
        proc.communicate()
    bad = subprocess.Popen([sys.executable, '-m', 'harness.pmssim', '--assume', 'nonsense=1'],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=harness_environ)
    out, err = bad.communicate()
    assert bad.returncode == 2 and b'nonsense' in err
