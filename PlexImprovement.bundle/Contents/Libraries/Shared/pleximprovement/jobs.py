# -*- coding: utf-8 -*-
"""Long work off the request thread, one job at a time, with progress and a stop switch.

Plex kills plug-ins whose requests or start take long, and a server owner wants to see how
far a long job got. A menu action therefore only *starts* a job and returns; Status reads
the progress kept here. Progress lives in memory and is persisted at most every few
seconds; the job's start and end are persisted at once, so after a crash or restart a job
that was running shows as interrupted instead of running forever.
"""
from __future__ import absolute_import, division, print_function

import threading
import traceback

PERSIST_EVERY = 3.0


class StopRequested(Exception):
    """Raised inside a job when the user pressed Stop; the job ends cleanly."""


class Job(object):
    def __init__(self, runner, name):
        self.runner = runner
        self.name = name
        self.stop_event = threading.Event()
        self.last_persist = 0.0

    def progress(self, done, total, unit='', text=''):
        info = {'done': done, 'total': total, 'unit': unit, 'text': text}
        self.runner.set_progress(self.name, info)

    def check_stop(self):
        if self.stop_event.is_set():
            raise StopRequested()


class JobRunner(object):
    def __init__(self, runtime, state):
        self.rt = runtime
        self.state = state
        self.guard = threading.Lock()
        self.current = None
        self.live_progress = {}

    def recover_interrupted(self):
        """At start: a job recorded as running belonged to a process that died."""
        def mark(state):
            names = []
            for name, info in state['jobs'].items():
                if info.get('status') == 'running':
                    info['status'] = 'interrupted'
                    info['finished'] = self.rt.clock.now()
                    names.append(name)
            return names
        names = self.state.update(mark)
        if names:
            self.state.audit('jobs_interrupted', jobs=sorted(names))
        return names

    def running(self):
        with self.guard:
            return self.current.name if self.current is not None else None

    def start(self, name, work):
        """Start `work(job)` in the background. Returns False when another job runs."""
        with self.guard:
            if self.current is not None:
                return False
            job = Job(self, name)
            self.current = job
        now = self.rt.clock.now()

        def begin(state):
            state['jobs'][name] = {'status': 'running', 'started': now, 'finished': None,
                                   'progress': None, 'result': None, 'error': None}
        self.state.update(begin, 'job_started', job=name)
        self.live_progress[name] = None
        try:
            self.rt.tasks.spawn('job-' + name, self.run, job, work)
        except Exception:
            with self.guard:
                self.current = None
            raise
        return True

    def run(self, job, work):
        status, result, error = 'done', None, None
        try:
            result = work(job)
        except StopRequested:
            status = 'stopped'
        except Exception as exc:  # noqa: BLE001 - a job failure is reported, not raised
            status, error = 'failed', '%s: %s' % (type(exc).__name__, exc)
            self.rt.log.error('Job %s failed: %s', job.name, traceback.format_exc())
        finally:
            self.finish(job, status, result, error)

    def finish(self, job, status, result, error):
        now = self.rt.clock.now()
        progress = self.live_progress.get(job.name)

        def end(state):
            info = state['jobs'].setdefault(job.name, {})
            info.update({'status': status, 'finished': now, 'result': result, 'error': error,
                         'progress': progress})
        try:
            self.state.update(end, 'job_' + status, job=job.name, error=error)
        finally:
            with self.guard:
                if self.current is job:
                    self.current = None

    def set_progress(self, name, info):
        self.live_progress[name] = info
        now = self.rt.clock.now()
        job = self.current
        if job is not None and job.name == name and now - job.last_persist >= PERSIST_EVERY:
            job.last_persist = now

            def save(state):
                state['jobs'].setdefault(name, {})['progress'] = info
            self.state.update(save)

    def progress_of(self, name):
        return self.live_progress.get(name)

    def stop(self):
        """Ask the running job to stop at its next check. Returns its name or None."""
        with self.guard:
            job = self.current
        if job is None:
            return None
        job.stop_event.set()
        self.state.audit('stop_requested', job=job.name)
        return job.name
