# -*- coding: utf-8 -*-
"""The plug-in as its menu sees it: one object that answers every menu entry with a view.

Code/__init__.py creates one App in Start() and routes each menu URL to a method here. A
method returns fast: long work (aggregation, diagnosis) runs as a job, and Status shows its
progress. Entries whose phase is not built yet say so plainly and do nothing.
"""
from __future__ import absolute_import, division, print_function

import time

from .. import prefs as prefs_module
from . import views
from ..jobs import JobRunner
from ..names import REPORT_PREFIXES
from ..state import StateStore
from .strings import Text


# Main-menu entries in order: (strings key, path, available)
MENU = (
    ('MENU_STATUS', '/status'),
    ('MENU_RUN_LOOP', '/unavailable?item=MENU_RUN_LOOP'),
    ('MENU_AGGREGATE', '/aggregate'),
    ('MENU_DIAGNOSE', '/diagnose'),
    ('MENU_APPLY_FIX', '/unavailable?item=MENU_APPLY_FIX'),
    ('MENU_TEST_FIX', '/unavailable?item=MENU_TEST_FIX'),
    ('MENU_POSTMORTEM', '/unavailable?item=MENU_POSTMORTEM'),
    ('MENU_STOP', '/stop'),
    ('MENU_REPORTS', '/reports'),
    ('MENU_APPLIED_FIXES', '/unavailable?item=MENU_APPLIED_FIXES'),
)
UNAVAILABLE = frozenset(key for key, path in MENU if path.startswith('/unavailable'))

REPORT_LINES_PER_PAGE = 40


def format_time(epoch):
    if not epoch:
        return '-'
    return time.strftime('%Y-%m-%d %H:%M', time.localtime(epoch))


def format_bytes(count):
    return '%.1f MB' % (count / (1024.0 * 1024.0))


def percent(done, total):
    return 0.0 if not total else 100.0 * done / total


class App(object):
    def __init__(self, runtime, lang='en'):
        self.rt = runtime
        self.text = Text(lang)
        self.state = StateStore(runtime.store, runtime.clock)
        self.jobs = JobRunner(runtime, self.state)
        self.settings, self.problems = prefs_module.validate(runtime.prefs.get)
        self.collector = None
        self.collector_timer = None

    # ------------------------------------------------------------------ lifecycle

    def start(self):
        """Called from Start(): must stay fast. Heavy work is left to timers and jobs."""
        self.jobs.recover_interrupted()
        self.state.audit('plugin_started')
        self.log_problems()
        self.schedule_collector(first=True)

    def log_problems(self):
        for problem in self.problems:
            self.rt.log.warning('Preference %s: %s', problem.pref_id, self.text(problem.key, **problem.params))

    def reload_settings(self):
        self.settings, self.problems = prefs_module.validate(self.rt.prefs.get)
        return self.problems

    def schedule_collector(self, first=False):
        minutes = self.settings.collector_interval_minutes
        if not minutes:
            self.collector_timer = None
            return None
        delay = 60.0 if first else minutes * 60.0
        self.collector_timer = self.rt.tasks.timer(delay, 'collector', self.collector_tick)
        return self.collector_timer

    def collector_scheduled(self):
        timer = self.collector_timer
        return timer is not None and timer.is_alive()

    def collector_tick(self):
        """One background collection, then schedule the next (interval read afresh)."""
        try:
            if self.jobs.running() is None:
                from ..read.collector import Collector
                if self.collector is None:
                    self.collector = Collector(self.rt)
                self.collector.keep_days = self.settings.collector_keep_days
                self.record_collection(self.collector.tick())
        except Exception as error:  # noqa: BLE001 - the collector must keep running
            self.rt.log.error('Background collection failed: %s', error)
        finally:
            self.schedule_collector()

    def record_collection(self, summary):
        """Keep the tick's summary (and the loss so far) for Status; audit only losses and errors."""
        lost = (summary.get('lost') or {}).get('bytes_estimated') or 0

        previous = self.state.read().get('collector') or {}
        collected = previous.get('collected_totals')
        agents = previous.get('collected_agents')
        tick = previous.get('tick')
        if not summary.get('error'):
            # Running per-agent counts: each tick adds what it read (the first tick starts them).
            # Every saved day is merged again only when a tick went unrecorded (a crash, a reset
            # state); days the retention pref deleted are then no longer counted.
            from ..read import accumulator as metrics
            tick = summary.get('tick')
            running = None
            if tick == 1:
                running = {}
            elif isinstance(tick, int) and previous.get('tick') == tick - 1:
                running = agents
            if running is not None:
                agents = metrics.merge_agents(running, summary.get('agents') or {})
            else:
                from ..read.collector import collected_snapshot
                agents = collected_snapshot(self.rt.store)['agents']
            collected = metrics.totals_of(agents)

        def keep(state):
            state['collector'] = {'time': self.rt.clock.now(), 'tick': tick,
                                  'files': summary.get('files', 0), 'bytes_read': summary.get('bytes_read', 0),
                                  'error': summary.get('error'), 'collected_totals': collected,
                                  'collected_agents': agents,
                                  'lost_bytes_total': (previous.get('lost_bytes_total') or 0) + lost}
        if lost or summary.get('error'):
            self.state.update(keep, 'collector_loss' if lost else 'collector_error', lost_bytes=lost,
                              error=summary.get('error'))
        else:
            self.state.update(keep)

    def stop_all(self):
        """For the emulator/tests: stop timers and the running job."""
        self.jobs.stop()
        self.rt.tasks.cancel_all()

    # ------------------------------------------------------------------ views

    def back_entry(self):
        return views.entry(self.text('BACK_TO_MAIN'), '')

    def status_entry(self):
        return views.entry(self.text('MENU_STATUS'), '/status')

    def main_menu(self):
        entries = []
        running = self.jobs.running()
        if running:
            entries.append(views.entry(self.job_line(running), '/status'))
        entries.extend(self.problem_entries())
        for key, path in MENU:
            summary = self.text(key + '_SUMMARY')
            entries.append(views.entry(self.text(key), path, summary))
        entries.append(views.entry(self.text('MENU_PREFERENCES'), None, kind=views.PREFS))
        return views.view(self.text('TITLE'), entries)

    def unavailable(self, item):
        key = item if item in UNAVAILABLE else 'MENU_UNKNOWN'
        return views.view(self.text(key), [self.status_entry(), self.back_entry()],
                          header=self.text('NOT_AVAILABLE_HEADER'),
                          message=self.text('NOT_AVAILABLE_MESSAGE', item=self.text(key)))

    def job_line(self, name):
        progress = self.jobs.progress_of(name)
        label = self.text('JOB_' + name.upper())
        if not progress or not progress.get('total'):
            return self.text('JOB_RUNNING', job=label)
        done, total = progress['done'], progress['total']
        if progress.get('unit') == 'bytes':
            amount = self.text('PROGRESS_BYTES', done=format_bytes(done), total=format_bytes(total))
        else:
            amount = self.text('PROGRESS_COUNT', done=done, total=total)
        return self.text('JOB_PROGRESS', job=label, amount=amount, pct='%.0f' % percent(done, total),
                         detail=progress.get('text') or '')

    def status(self):
        state = self.state.read()
        entries = []
        running = self.jobs.running()
        entries.append(views.entry(self.job_line(running) if running else self.text('STATUS_IDLE'), '/status'))
        for name in sorted(state['jobs']):
            info = state['jobs'][name]
            if name == running:
                continue
            entries.append(views.entry(self.text('STATUS_LAST_JOB', job=self.text('JOB_' + name.upper()),
                                                 status=self.text('JOB_STATUS_' + info.get('status', 'done').upper()),
                                                 when=format_time(info.get('finished'))),
                                       '/status', info.get('error')))
        entries.extend(self.aggregate_status(state))
        entries.extend(self.diagnose_status(state))
        entries.extend(self.collector_status(state))
        entries.extend(self.problem_entries())
        entries.append(self.back_entry())
        return views.view(self.text('MENU_STATUS'), entries)

    def problem_entries(self):
        return [views.entry(self.text('PREF_PROBLEM_ENTRY', message=self.text(p.key, **p.params)), '/status')
                for p in self.problems]

    def aggregate_status(self, state):
        history = state['history'].get('aggregate') or []
        if not history:
            return [views.entry(self.text('STATUS_NO_AGGREGATION'), '/aggregate')]
        last = history[-1]
        totals = last.get('totals') or {}
        line = self.text('STATUS_AGGREGATION', iteration=last.get('iteration'), when=format_time(last.get('time')),
                         searches=totals.get('total_search_ops', 0), found=totals.get('titles_found', 0),
                         rate='%.1f' % (100.0 * (totals.get('success_rate') or 0.0)),
                         url_errors=totals.get('url_errors', 0), unknown=totals.get('outcome_unknown', 0))
        report = last.get('report')
        path = views.path_with('/reports/view', name=report) if report else '/reports'
        return [views.entry(line, path)]

    def diagnose_status(self, state):
        history = state['history'].get('diagnose') or []
        if not history:
            return []
        last = history[-1]
        line = self.text('STATUS_DIAGNOSIS', iteration=last.get('iteration'), when=format_time(last.get('time')),
                         findings=last.get('findings', 0), fixes=last.get('fixes', 0))
        report = last.get('report')
        return [views.entry(line, views.path_with('/reports/view', name=report) if report else '/reports')]

    def collector_status(self, state):
        if not self.settings.collector_interval_minutes:
            return [views.entry(self.text('STATUS_COLLECTOR_OFF'), '/status')]
        info = state.get('collector') or {}
        if not info.get('time'):
            return [views.entry(self.text('STATUS_COLLECTOR_WAITING'), '/status')]
        if info.get('error'):
            return [views.entry(self.text('STATUS_COLLECTOR_ERROR', when=format_time(info['time']),
                                          error=info['error']), '/status')]
        entries = [views.entry(self.text('STATUS_COLLECTOR', when=format_time(info['time']),
                                         read=format_bytes(info.get('bytes_read') or 0),
                                         files=info.get('files', 0)), '/status')]
        totals = info.get('collected_totals') or {}
        if totals.get('total_search_ops'):
            entries.append(views.entry(self.text('STATUS_COLLECTED', searches=totals['total_search_ops'],
                                                 found=totals.get('titles_found', 0),
                                                 rate='%.1f' % (100.0 * (totals.get('success_rate') or 0.0)),
                                                 url_errors=totals.get('url_errors', 0)), '/status'))
        lost = info.get('lost_bytes_total') or 0
        if lost:
            entries.append(views.entry(self.text('STATUS_COLLECTOR_LOSS', lost=format_bytes(lost)), '/status'))
        return entries

    # ------------------------------------------------------------------ actions

    def busy_view(self, title_key):
        running = self.jobs.running()
        return views.view(self.text(title_key), [self.status_entry(), self.back_entry()],
                          header=self.text('BUSY_HEADER'),
                          message=self.text('BUSY_MESSAGE', job=self.text('JOB_' + running.upper())))

    def started_view(self, title_key, job_key):
        return views.view(self.text(title_key), [self.status_entry(), self.back_entry()],
                          header=self.text('STARTED_HEADER'), message=self.text(job_key + '_STARTED'))

    def start_job(self, title_key, name, work):
        if self.jobs.running() is not None or not self.jobs.start(name, work):
            return self.busy_view(title_key)
        return self.started_view(title_key, 'JOB_' + name.upper())

    def aggregate(self):
        return self.start_job('MENU_AGGREGATE', 'aggregate', self.aggregate_work)

    def diagnose(self):
        return self.start_job('MENU_DIAGNOSE', 'diagnose', self.diagnose_work)

    def stop(self):
        name = self.jobs.stop()
        if name is None:
            return views.view(self.text('MENU_STOP'), [self.status_entry(), self.back_entry()],
                              header=self.text('STOP_HEADER'), message=self.text('STOP_NOTHING'))
        return views.view(self.text('MENU_STOP'), [self.status_entry(), self.back_entry()],
                          header=self.text('STOP_HEADER'),
                          message=self.text('STOP_REQUESTED', job=self.text('JOB_' + name.upper())))

    def aggregate_work(self, job):
        from . import phase_runs
        return phase_runs.aggregate(self, job)

    def diagnose_work(self, job):
        from . import phase_runs
        return phase_runs.diagnose(self, job)

    # ------------------------------------------------------------------ reports

    def report_names(self):
        names = []
        for prefix in REPORT_PREFIXES:
            names.extend(n for n in self.rt.store.list(prefix) if n.endswith('.txt') or n.endswith('.md'))
        return sorted(names, key=report_sort_key, reverse=True)

    def reports(self):
        names = self.report_names()
        entries = [views.entry(name, views.path_with('/reports/view', name=name)) for name in names]
        if not entries:
            entries.append(views.entry(self.text('REPORTS_NONE'), '/aggregate'))
        entries.append(self.back_entry())
        return views.view(self.text('MENU_REPORTS'), entries)

    def report_view(self, name, page='1'):
        if name not in self.report_names():
            return views.view(self.text('MENU_REPORTS'), [views.entry(self.text('MENU_REPORTS'), '/reports'),
                                                          self.back_entry()],
                              header=self.text('REPORT_MISSING_HEADER'),
                              message=self.text('REPORT_MISSING', name=name))
        raw = self.rt.store.load(name) or b''
        lines = [line for line in raw.decode('utf-8', 'replace').splitlines() if line.strip()]
        try:
            page_number = max(1, int(page))
        except (TypeError, ValueError):
            page_number = 1
        pages = max(1, (len(lines) + REPORT_LINES_PER_PAGE - 1) // REPORT_LINES_PER_PAGE)
        page_number = min(page_number, pages)
        start = (page_number - 1) * REPORT_LINES_PER_PAGE
        here = views.path_with('/reports/view', name=name, page=page_number)
        entries = [views.entry(line, here) for line in lines[start:start + REPORT_LINES_PER_PAGE]]
        if page_number < pages:
            entries.append(views.entry(self.text('REPORT_NEXT_PAGE', page=page_number + 1, pages=pages),
                                       views.path_with('/reports/view', name=name, page=page_number + 1)))
        entries.append(views.entry(self.text('MENU_REPORTS'), '/reports'))
        entries.append(self.back_entry())
        return views.view(name, entries)

    # ------------------------------------------------------------------ prefs

    def validate_prefs(self):
        problems = self.reload_settings()
        self.state.audit('prefs_changed', problems=len(problems))
        if not self.collector_scheduled():
            self.schedule_collector(first=True)  # it was off, or its chain broke: start it again
        if not problems:
            return views.view(self.text('MENU_PREFERENCES'), [self.back_entry()],
                              header=self.text('PREFS_OK_HEADER'), message=self.text('PREFS_OK'))
        messages = [self.text(p.key, **p.params) for p in problems]
        entries = [views.entry(m, '/status') for m in messages]
        entries.append(self.back_entry())
        return views.view(self.text('MENU_PREFERENCES'), entries, header=self.text('PREFS_BAD_HEADER'),
                          message=' '.join(messages))


def report_sort_key(name):
    """Newest iteration first, diagnosis before aggregation of the same iteration."""
    digits = ''.join(c for c in name.rsplit('_', 1)[-1] if c.isdigit())
    return (int(digits) if digits else 0, name)
