# -*- coding: utf-8 -*-
"""The menu's loop pages: "Run the whole loop", its post-mortem, its line in Status, and resuming.

In: the runtime (server token, folders, store, timers), the state, the strings, the Settings,
the App's start_job, the job runner and PhaseRuns. Out: views (views.py) and the 'loop' job,
which runs loop/session.py with the plug-in's services. Running asks for confirmation first
and says what will happen (with "Apply fixes automatically" off: aggregate, diagnose and
propose only). A second trigger while a loop runs -- here or from the command line on the
same data folder (loop/lock.py) -- answers "already running since ...". At Start, a session
that was running when the plug-in stopped is resumed after RESUME_DELAY seconds (Start must
stay fast), at the step that was running.
"""
from __future__ import absolute_import, division, print_function

from . import views
from ..contributor.record import ContributionLog
from ..fixes.installer import Installer
from ..loop.audit import AuditedClient
from ..loop.exits import RESUMABLE, Limits
from ..loop.lock import LoopLock, stale
from ..loop.record import RUNNING, LoopRecord
from ..loop.services import LoopServices
from ..loop.session import run_session
from ..names import FINAL_REPORT
from ..trial.decide import Rules
from ..trial.runner import Options
from .fixes import fixes_data_dir
from .guard import Action, Guard
from .reports import report_page
from .status import format_time

JOB = 'loop'
RESUME_DELAY = 60.0


class LoopPages(object):
    """The pages and the job (see the module docstring)."""

    def __init__(self, runtime, state, text, settings, start_job, jobs, phases):
        self.rt = runtime
        self.state = state
        self.text = text
        self.settings = settings
        self.start_job = start_job
        self.jobs = jobs
        self.phases = phases
        self.data_dir = fixes_data_dir(runtime.paths)
        self.resume_delay = RESUME_DELAY
        self.guard = Guard(runtime.token, text)

    def record(self):
        return LoopRecord(self.rt.store, self.rt.clock.now)

    def lock(self):
        return LoopLock(self.data_dir, self.rt.clock.now)

    # ------------------------------------------------------------------ pages
    def page(self):
        """What the loop will do, its last session, and the entries to run, resume or read it."""
        settings = self.settings()
        last = self.record().load()
        entries = self.status_entries(last)
        auto = settings.allow_automatic_fixes
        entries.append(views.entry(self.text('LOOP_RUN_ENTRY' if auto else 'LOOP_PROPOSE_ENTRY'), '/loop/run',
                                   self.text('LOOP_RUN_SUMMARY_AUTO' if auto else 'LOOP_RUN_SUMMARY_PROPOSE',
                                             iterations=settings.max_iterations)))
        if last is not None and last.get('status') != RUNNING and last.get('exit_condition') in RESUMABLE:
            entries.append(views.entry(self.text('LOOP_RESUME_ENTRY', iteration=last['iteration'],
                                                 step=last.get('step') or '-'),
                                       views.path_with('/loop/run', resume=1)))
        if self.rt.store.exists(FINAL_REPORT):
            entries.append(views.entry(self.text('MENU_POSTMORTEM'), '/loop/report'))
        entries.append(views.back_entry(self.text))
        return views.view(self.text('MENU_RUN_LOOP'), entries)

    def run(self, asked=None, resume=None):
        """The owner's token and a confirmation first (guard.py); then start the job, or say since
        when another loop runs."""
        busy = self.running_elsewhere()
        if busy is not None:
            return self.busy(busy)
        settings = self.settings()
        key = 'LOOP_CONFIRM_AUTO' if settings.allow_automatic_fixes else 'LOOP_CONFIRM_PROPOSE'
        agents = ', '.join(sorted(settings.target_agents)) if settings.target_agents else self.text('LOOP_ALL_AGENTS')
        stop = self.guard.check(asked, Action(
            self.text('MENU_RUN_LOOP'), self.text(key, agents=agents, iterations=settings.max_iterations,
                                                  items=settings.test_items_per_fix),
            self.text('LOOP_CONFIRM_YES'), '/loop/run', {'resume': 1 if resume else None},
            self.text('MENU_RUN_LOOP'), '/loop'))
        if stop is not None:
            return stop
        return self.start_job('MENU_RUN_LOOP', JOB, lambda job: self.work(job, 'menu', bool(resume)))

    def running_elsewhere(self):
        """Since when a loop runs (this plug-in's job or a command line on the same data folder), or None."""
        if self.jobs.running() == JOB:
            return (self.state.read()['jobs'].get(JOB) or {}).get('started')
        info = self.lock().read()
        if info is not None and not stale(info, self.rt.clock.now()):
            return info.get('started')
        return None

    def busy(self, since):
        return views.view(self.text('MENU_RUN_LOOP'), [views.status_entry(self.text), views.back_entry(self.text)],
                          header=self.text('BUSY_HEADER'),
                          message=self.text('LOOP_ALREADY_RUNNING', since=format_time(since)))

    def report(self):
        if not self.rt.store.exists(FINAL_REPORT):
            return views.view(self.text('MENU_POSTMORTEM'), [views.entry(self.text('MENU_RUN_LOOP'), '/loop'),
                                                             views.back_entry(self.text)],
                              header=self.text('LOOP_NO_REPORT_HEADER'), message=self.text('LOOP_NO_REPORT'))
        return report_page(self.text, self.rt.store, FINAL_REPORT)

    def status_entries(self, state=None):
        """One line: the running session's iteration and step, or how the last one ended (`state`:
        the loop state when the caller has loaded it already)."""
        state = state if state is not None else self.record().load()
        if state is None:
            return [views.entry(self.text('LOOP_STATUS_NEVER'), '/loop')]
        if state.get('status') == RUNNING:
            return [views.entry(self.text('LOOP_STATUS_RUNNING', iteration=state['iteration'],
                                          total=state['max_iterations'], step=state.get('step') or '-'), '/loop')]
        return [views.entry(self.text('LOOP_STATUS_ENDED', exit=state.get('exit_condition') or '-',
                                      when=format_time(state.get('finished')), iteration=state['iteration'],
                                      kept=len(state.get('fixes_successful') or [])), '/loop',
                            state.get('exit_text'))]

    # ------------------------------------------------------------------ the job
    def services(self, record):
        settings = self.settings()
        options = Options(limit=int(settings.test_items_per_fix), rules=Rules(alpha=settings.trial_alpha))
        return LoopServices(self.phases, self.rt.store, Installer(self.data_dir, self.rt.paths.plugins_dir),
                            self.rt.paths.plugins_dir, self.rt.paths.plugin_logs_dir,
                            lambda note: AuditedClient(settings.server_url, self.rt.token, note),
                            ContributionLog(self.data_dir), settings, options, record, self.rt.log)

    def work(self, job, trigger, resume):
        settings = self.settings()
        record = self.record()
        state = run_session(record, self.services(record), self.lock(), Limits.from_settings(settings),
                            settings.agent_allowed, settings.allow_automatic_fixes, job,
                            say=lambda line: self.rt.log.info('Loop %s', line), trigger=trigger, resume=resume)
        return {'exit': state['exit_condition'], 'iterations': state['iteration'],
                'kept': len(state['fixes_successful']), 'report': state.get('report')}

    def resume_at_start(self):
        """At Start: a session cut by a restart (still marked running) resumes after resume_delay."""
        state = self.record().load()
        if state is None or state.get('status') != RUNNING:
            return False
        self.rt.tasks.timer(self.resume_delay, 'loop-resume', self.resume)
        return True

    def resume(self):
        """Start the resumed session; while another job runs, try again after resume_delay."""
        if not self.jobs.start(JOB, lambda job: self.work(job, 'restart', True)):
            self.rt.tasks.timer(self.resume_delay, 'loop-resume', self.resume)
