# -*- coding: utf-8 -*-
"""The menu's jobs: run one phase with progress and a stop switch, save its reports.

In: the state, the store, the clock, the strings, the Logs folder to read, and per run the
job (progress, stop) and the Settings. Out: the reports saved as Data items and an entry in
the state's history, naming what could not be read; an aggregation that found no log file
fails (NoLogFiles) so that Status says so instead of showing an empty all-clear. Kept apart
from app.py so the views stay about presentation and these stay about which phase functions
are called with which settings, and what is recorded.
"""
from __future__ import absolute_import, division, print_function

from ..diagnose.diagnosis import diagnose as run_diagnosis
from ..fixes.efficacy import load_efficacy
from ..names import AGGREGATE_JSON, DIAGNOSTIC_JSON
from ..read.aggregate import run_aggregation
from ..read.reader import unread
from ..report.aggregation import write_reports
from ..report.diagnostic import write_diagnostic_report


MAX_UNREAD_SHOWN = 10    # folders and files that could not be read, kept for Status per run


class NoLogFiles(Exception):
    """The aggregation found no log file to read: a failure, never an empty all-clear report."""


class PhaseRuns(object):
    """Aggregation and diagnosis as the menu runs them: `aggregate(job, settings)`, `diagnose(job, settings)`."""

    def __init__(self, state, store, clock, text, logs_dir):
        self.state = state
        self.store = store
        self.clock = clock
        self.text = text
        self.logs_dir = logs_dir        # () -> the Logs folder (Runtime.logs_dir: the logs_path pref wins)

    def aggregate(self, job, settings):
        """Phase 1 over the window from Prefs; reports saved as Data items."""
        iteration = self.state.next_counter('aggregate')

        def progress(files_done, files_total, bytes_done, bytes_total):
            job.check_stop()
            job.progress(bytes_done, bytes_total, 'bytes',
                         self.text('PROGRESS_FILES', done=files_done, total=files_total))

        logs_dir = self.logs_dir()
        snapshot = run_aggregation(logs_dir, hours=settings.log_window_hours or None, progress=progress)
        not_read = unread(snapshot['skipped'])
        if not snapshot['files']:
            raise NoLogFiles(u'; '.join([self.text('ERR_NO_LOG_FILES', folder=logs_dir)] + not_read))
        names = write_reports(self.store, iteration, snapshot)
        report = [n for n in names if n.endswith('.txt')]
        totals = snapshot['totals']
        self.state.add_history('aggregate', {'iteration': iteration, 'time': self.clock.now(), 'totals': totals,
                                             'report': report[0] if report else None,
                                             'unread': not_read[:MAX_UNREAD_SHOWN], 'unread_total': len(not_read)})
        return {'iteration': iteration, 'totals': totals, 'unread': len(not_read)}

    def latest_snapshot(self):
        """The newest saved aggregation snapshot, or None."""
        history = self.state.read()['history'].get('aggregate') or []
        for entry in reversed(history):
            snapshot = self.store.load_json(AGGREGATE_JSON % entry['iteration'], None)
            if snapshot is not None:
                return snapshot
        return None

    def diagnose(self, job, settings, attempts=()):
        """Phase 2 on the newest aggregation (running one first when there is none); `attempts`
        ([{fix_id, agent, params}], the loop's) are not proposed again."""
        snapshot = self.latest_snapshot()
        if snapshot is None:
            job.progress(0, 2, 'steps', self.text('PROGRESS_AGGREGATING_FIRST'))
            self.aggregate(job, settings)
            snapshot = self.latest_snapshot()
        job.check_stop()
        job.progress(1, 2, 'steps', self.text('PROGRESS_DIAGNOSING'))
        state = self.state.read()
        previous = None
        history = state['history'].get('diagnose') or []
        if history:
            previous = self.store.load_json(DIAGNOSTIC_JSON % history[-1]['iteration'], None)
        iteration = self.state.next_counter('diagnose')
        # Efficacy starts at each fix's stated prior; Phase 4 results update it in fix_efficacy.json.
        diagnosis = run_diagnosis(snapshot, previous=previous, fix_agents=settings.target_agents,
                                  attempts=attempts, efficacy=load_efficacy(self.store))
        names = write_diagnostic_report(self.store, iteration, diagnosis)
        report = [n for n in names if n.endswith('.md')]
        self.state.add_history('diagnose', {'iteration': iteration, 'time': self.clock.now(),
                                            'findings': len(diagnosis['findings']),
                                            'fixes': len(diagnosis['fixes']),
                                            'report': report[0] if report else None})
        job.progress(2, 2, 'steps', self.text('PROGRESS_DONE'))
        return {'iteration': iteration, 'findings': len(diagnosis['findings']), 'fixes': len(diagnosis['fixes'])}
