# -*- coding: utf-8 -*-
"""The plug-in as its menu sees it: one object that answers every menu entry with a view.

In: the runtime (plugin.boot builds it from the kits) and the language. Out: a view (see
views.py) for each route in Code/__init__.py. The App wires the state, the job runner, the
Settings, the background collector (schedule/collector_task.py) and the menu's jobs
(phase_runs.py), and answers the main menu, the actions and Preferences itself; Status,
Reports, the fix pages (app().fixes), the trial pages (app().trial) and the Self-check
(app().selfcheck) are drawn by status.py, reports.py, fixes.py, trial.py and selfcheck.py. The
contributor agent classes in Code/ record each refresh
through app().contributions, which also wakes the log collector. A method returns fast: long
work (aggregation, diagnosis, applying and rolling back fixes, a trial, the loop) runs as a
job, and Status shows its progress.
"""
from __future__ import absolute_import, division, print_function

from . import views
from .. import prefs
from ..contributor.record import ContributionLog, Contributions
from ..jobs import JobRunner
from ..schedule.collector_task import CollectorTask
from ..schedule.daily import DailyTask
from ..schedule.refresh_batch import RefreshBatch
from ..state import StateStore
from .dashboard import DashboardPages
from .fixes import FixPages, fixes_data_dir
from .icons import icon_for
from .logbundle import LogBundlePages
from .loop import LoopPages
from .phase_runs import PhaseRuns
from .reports import report_list_page, report_page
from .selfcheck import SelfCheckPages
from .status import job_line, problem_entries, schedule_entries, status_page
from .strings import Text
from .trial import TrialPages


# Main-menu entries in order: (strings key, path).
MENU = (
    ('MENU_STATUS', '/status'),
    ('MENU_DASHBOARD', '/dashboard'),
    ('MENU_SELFCHECK', '/selfcheck'),
    ('MENU_RUN_LOOP', '/loop'),
    ('MENU_AGGREGATE', '/aggregate'),
    ('MENU_DIAGNOSE', '/diagnose'),
    ('MENU_APPLY_FIX', '/fixes/next'),
    ('MENU_TEST_FIX', '/trial'),
    ('MENU_POSTMORTEM', '/loop/report'),
    ('MENU_STOP', '/stop'),
    ('MENU_REPORTS', '/reports'),
    ('MENU_BUNDLE_LOGS', '/logbundle'),
    ('MENU_APPLIED_FIXES', '/fixes/applied'),
)


class App(object):
    def __init__(self, runtime, lang='en'):
        self.rt = runtime
        self.text = Text(lang)
        self.state = StateStore(runtime.store, runtime.clock)
        self.jobs = JobRunner(runtime, self.state)
        self.settings, self.problems = prefs.validate(runtime.prefs.get)
        self.collector = CollectorTask(runtime, self.state, self.jobs, lambda: self.settings)
        self.phases = PhaseRuns(self.state, runtime.store, runtime.clock, self.text, runtime.logs_dir)
        self.fixes = FixPages(runtime, self.state, self.text, lambda: self.settings, self.start_job)
        self.trial = TrialPages(runtime, self.state, self.text, lambda: self.settings, self.start_job)
        self.logbundle = LogBundlePages(runtime, self.state, self.text, lambda: self.settings, self.start_job,
                                        self.jobs)
        self.selfcheck = SelfCheckPages(runtime, self.text, lambda: self.settings)
        self.loop = LoopPages(runtime, self.state, self.text, lambda: self.settings, self.start_job, self.jobs,
                              self.phases)
        self.daily = DailyTask(runtime, self.state, self.jobs, lambda: self.settings, self.scheduled_loop,
                               self.scheduled_phases)
        self.dashboard = DashboardPages(runtime.store, self.state, self.text)
        self.batch = RefreshBatch(runtime, self.state, self.jobs,
                                  lambda: self.scheduled_phases(lambda started, error: None))
        self.contributions = Contributions(ContributionLog(fixes_data_dir(runtime.paths)), runtime.clock.now,
                                           self.refreshed)

    # ------------------------------------------------------------------ lifecycle

    def start(self):
        """Called from Start(): must stay fast. Heavy work is left to timers and jobs."""
        self.jobs.recover_interrupted()
        self.fixes.recover()
        self.state.audit('plugin_started')
        self.log_problems()
        self.collector.schedule(first=True)
        self.loop.resume_at_start()
        self.daily.clear_stale()
        self.daily.schedule()

    def refreshed(self, record):
        """A refresh the contributor saw: wake the log collector, count it towards the batch."""
        self.collector.wake()
        self.batch.note(record)

    def log_problems(self):
        for problem in self.problems:
            self.rt.log.warning('Preference %s: %s', problem.pref_id, self.text(problem.key, **problem.params))

    def stop_all(self):
        """Stop the timers and the running job (plugin.boot, before it starts a new App; tests)."""
        self.jobs.stop()
        self.rt.tasks.cancel_all()

    # ------------------------------------------------------------------ pages

    def main_menu(self):
        entries = []
        running = self.jobs.running()
        if running:
            entries.append(views.entry(job_line(self.text, self.jobs, running), '/status'))
        entries.extend(problem_entries(self.text, self.problems))
        for key, path in MENU:
            summary = self.text(key + '_SUMMARY')
            entries.append(views.entry(self.text(key), path, summary, icon=icon_for(key)))
        entries.append(views.entry(self.text('MENU_PREFERENCES'), None, kind=views.PREFS))
        return views.view(self.text('TITLE'), entries)

    def status(self):
        page = status_page(self.text, self.jobs, self.state.read(), self.settings, self.problems)
        lines = self.loop.status_entries() + schedule_entries(self.text, self.daily.info(), self.settings)
        page['entries'][-1:-1] = lines + self.trial.status_entries()     # before "Back to the main menu"
        page['entries'][1:1] = self.selfcheck.status_entries()   # a set-up problem, under what runs
        return page

    def reports(self):
        return report_list_page(self.text, self.rt.store)

    def report_view(self, name, page='1'):
        return report_page(self.text, self.rt.store, name, page)

    # ------------------------------------------------------------------ actions

    def busy_view(self, title_key):
        running = self.jobs.running()
        return views.view(self.text(title_key), [views.status_entry(self.text), views.back_entry(self.text)],
                          header=self.text('BUSY_HEADER'),
                          message=self.text('BUSY_MESSAGE', job=self.text('JOB_' + running.upper())))

    def started_view(self, title_key, job_key):
        return views.view(self.text(title_key), [views.status_entry(self.text), views.back_entry(self.text)],
                          header=self.text('STARTED_HEADER'), message=self.text(job_key + '_STARTED'))

    def start_job(self, title_key, name, work):
        if self.jobs.running() is not None or not self.jobs.start(name, work):
            return self.busy_view(title_key)
        return self.started_view(title_key, 'JOB_' + name.upper())

    def aggregate(self):
        return self.start_job('MENU_AGGREGATE', 'aggregate', self.aggregate_work)

    def diagnose(self):
        return self.start_job('MENU_DIAGNOSE', 'diagnose', self.diagnose_work)

    def scheduled(self, name, work, on_end=None):
        """Start `work(job)` as the job `name` for a schedule; `on_end(started, error)` (default: the
        daily run's record) is told when it ends."""
        started = self.rt.clock.now()
        on_end = on_end or self.daily.finished

        def run(job):
            error = None
            try:
                return work(job)
            except Exception as failure:
                error = '%s: %s' % (type(failure).__name__, failure)
                raise
            finally:
                on_end(started, error)
        return self.jobs.start(name, run)

    def scheduled_loop(self, trigger):
        return self.scheduled('loop', lambda job: self.loop.work(job, trigger, False))

    def scheduled_phases(self, on_end=None):
        def work(job):
            self.phases.aggregate(job, self.settings)
            return self.phases.diagnose(job, self.settings)
        return self.scheduled('scheduled', work, on_end)

    def aggregate_work(self, job):
        return self.phases.aggregate(job, self.settings)

    def diagnose_work(self, job):
        return self.phases.diagnose(job, self.settings)

    def stop(self):
        name = self.jobs.stop()
        if name is None:
            return views.view(self.text('MENU_STOP'), [views.status_entry(self.text), views.back_entry(self.text)],
                              header=self.text('STOP_HEADER'), message=self.text('STOP_NOTHING'))
        return views.view(self.text('MENU_STOP'), [views.status_entry(self.text), views.back_entry(self.text)],
                          header=self.text('STOP_HEADER'),
                          message=self.text('STOP_REQUESTED', job=self.text('JOB_' + name.upper())))

    # ------------------------------------------------------------------ prefs

    def validate_prefs(self):
        self.settings, self.problems = prefs.validate(self.rt.prefs.get)
        self.state.audit('prefs_changed', problems=len(self.problems))
        if not self.collector.scheduled():
            self.collector.schedule(first=True)  # it was off, or its chain broke: start it again
        self.daily.schedule()
        if not self.problems:
            return views.view(self.text('MENU_PREFERENCES'), [views.back_entry(self.text)],
                              header=self.text('PREFS_OK_HEADER'), message=self.text('PREFS_OK'))
        messages = [self.text(p.key, **p.params) for p in self.problems]
        entries = [views.entry(m, '/status') for m in messages]
        entries.append(views.back_entry(self.text))
        return views.view(self.text('MENU_PREFERENCES'), entries, header=self.text('PREFS_BAD_HEADER'),
                          message=' '.join(messages))
