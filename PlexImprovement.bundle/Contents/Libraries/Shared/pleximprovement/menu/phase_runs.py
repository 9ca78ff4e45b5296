# -*- coding: utf-8 -*-
"""The menu's jobs: run one phase with progress and a stop switch, save its reports.

Kept apart from app.py so the views stay about presentation and these stay about which
phase functions are called with which settings, and what is recorded in the state.
"""
from __future__ import absolute_import, division, print_function

from ..names import AGGREGATE_JSON, DIAGNOSTIC_JSON


def aggregate(app, job):
    """Phase 1 over the window from Prefs; reports saved as Data items."""
    from ..read.aggregate import run_aggregation, write_reports
    rt = app.rt
    iteration = app.state.next_counter('aggregate')

    def progress(files_done, files_total, bytes_done, bytes_total):
        job.check_stop()
        job.progress(bytes_done, bytes_total, 'bytes',
                     app.text('PROGRESS_FILES', done=files_done, total=files_total))

    snapshot = run_aggregation(rt.logs_dir(), hours=app.settings.log_window_hours or None, progress=progress)
    names = write_reports(rt.store, iteration, snapshot)
    report = [n for n in names if n.endswith('.txt')]
    totals = snapshot['totals']
    app.state.add_history('aggregate', {'iteration': iteration, 'time': rt.clock.now(), 'totals': totals,
                                        'report': report[0] if report else None})
    return {'iteration': iteration, 'totals': totals}


def latest_snapshot(app):
    """The newest saved aggregation snapshot, or None."""
    history = app.state.read()['history'].get('aggregate') or []
    for entry in reversed(history):
        snapshot = app.rt.store.load_json(AGGREGATE_JSON % entry['iteration'], None)
        if snapshot is not None:
            return snapshot
    return None


def diagnose(app, job):
    """Phase 2 on the newest aggregation (running one first when there is none)."""
    from ..diagnose.diagnosis import diagnose as run_diagnosis
    from ..report.diagnostic import write_diagnostic_report
    from ..fixes.registry import load_efficacy
    snapshot = latest_snapshot(app)
    if snapshot is None:
        job.progress(0, 2, 'steps', app.text('PROGRESS_AGGREGATING_FIRST'))
        aggregate(app, job)
        snapshot = latest_snapshot(app)
    job.check_stop()
    job.progress(1, 2, 'steps', app.text('PROGRESS_DIAGNOSING'))
    state = app.state.read()
    previous = None
    history = state['history'].get('diagnose') or []
    if history:
        previous = app.rt.store.load_json(DIAGNOSTIC_JSON % history[-1]['iteration'], None)
    iteration = app.state.next_counter('diagnose')
    # Efficacy starts at each fix's stated prior; Phase 4 results update it in fix_efficacy.json.
    diagnosis = run_diagnosis(snapshot, previous=previous, allowed_agents=app.settings.target_agents,
                              efficacy=load_efficacy(app.rt.store))
    names = write_diagnostic_report(app.rt.store, iteration, diagnosis)
    report = [n for n in names if n.endswith('.md')]
    app.state.add_history('diagnose', {'iteration': iteration, 'time': app.rt.clock.now(),
                                       'findings': len(diagnosis['findings']), 'fixes': len(diagnosis['fixes']),
                                       'report': report[0] if report else None})
    job.progress(2, 2, 'steps', app.text('PROGRESS_DONE'))
    return {'iteration': iteration, 'findings': len(diagnosis['findings']), 'fixes': len(diagnosis['fixes'])}
