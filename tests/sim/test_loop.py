# -*- coding: utf-8 -*-
"""The loop end to end in the simulated server: `make demo`'s run (the bundle in the emulator,
driven through its menu) improves the sample agent, keeps a fix, rolls one back and exits by a
named condition; the companion command line against the same kind of server proposes without
--apply and refuses a second loop on the same data folder."""
from __future__ import absolute_import, division, print_function

import io
import json
import os

from pleximprovement.cli import loop as loop_cli
from pleximprovement.loop import exits
from pleximprovement.loop.lock import LoopLock
from pleximprovement.names import DECISION_LOG, FINAL_REPORT, LOOP_AUDIT, LOOP_STATE

from harness import demo
from harness.pmssim.server import SimServer


def test_the_demo_loop_improves_the_sample_agent(tmpdir):
    out = str(tmpdir.join('out'))
    assert demo.run(str(tmpdir.join('work')), demo.DEFAULT_SEED, demo.DEFAULT_SIZE, out) == 0
    with io.open(os.path.join(out, LOOP_STATE), 'rb') as handle:
        state = json.loads(handle.read().decode('utf-8'))
    assert state['exit_condition'] in exits.EXITS and state['exit_condition'] != exits.CRITICAL_FAILURE
    assert [f for f in state['fixes_successful'] if f['decision'] == 'KEEP']
    assert [f for f in state['fixes_failed'] if f['decision'] == 'ROLLBACK']
    assert state['current_metrics']['success_rate'] > state['baseline_metrics']['success_rate']
    for name in (DECISION_LOG, LOOP_AUDIT, FINAL_REPORT):
        assert os.path.isfile(os.path.join(out, name)), name
    with io.open(os.path.join(out, LOOP_AUDIT), 'rb') as handle:
        events = json.loads(handle.read().decode('utf-8'))['events']
    assert [e for e in events if e['kind'] == 'server_call' and e['what'].endswith('/refresh')]
    with io.open(os.path.join(out, FINAL_REPORT), 'rb') as handle:
        report = handle.read().decode('utf-8')
    assert 'p = ' in report and 'Baseline and final metrics' in report


def test_the_companion_command_line_proposes_and_refuses_a_second_loop(tmpdir):
    app_support = str(tmpdir.join('Plex Media Server'))
    sim = SimServer(app_support, seed=demo.DEFAULT_SEED, library_size=30)
    data = str(tmpdir.join('data'))
    token_file = str(tmpdir.join('token'))
    try:
        base = sim.start()
        with open(token_file, 'w') as handle:
            handle.write(sim.token)
        demo.refresh_library(base, sim.token)
        argv = ['--server', base, '--token-file', token_file, '--logs', sim.layout.logs_dir,
                '--plugins', sim.layout.plugins_dir, '--data', data, '--json']
        out, err = io.StringIO(), io.StringIO()
        assert loop_cli.main(argv, out, err) == 0, err.getvalue()
        state = json.loads(out.getvalue())
        assert state['exit_condition'] == exits.PROPOSALS_ONLY and state['fixes_attempted'] == []
        assert 'iteration 1 diagnose' in err.getvalue() and sim.token not in err.getvalue() + out.getvalue()
        lock = LoopLock(data)
        lock.acquire()
        try:
            err = io.StringIO()
            assert loop_cli.main(argv, io.StringIO(), err) == 2
            assert 'already running since' in err.getvalue()
        finally:
            lock.release()
    finally:
        sim.stop()
