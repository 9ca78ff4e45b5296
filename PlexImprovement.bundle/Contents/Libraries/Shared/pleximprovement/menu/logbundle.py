# -*- coding: utf-8 -*-
"""The menu's "Logs for the agent's author": start building the zip, then say where it is.

In: the runtime (Logs folder, store, clock, paths), the state (the job's last status), the
strings, the Settings (the log window) and App.start_job. Out: views (views.py). The entry
starts the job 'bundle_logs' (report/logbundle.py builds the zip into the plug-in's data
folder, log_bundles/logs_for_author.zip, replacing the previous one); without a saved
diagnosis it starts nothing and says to diagnose first. The result page shows the zip's
path, user parts redacted like every menu text (views.safe), its size and when it was built.
"""
from __future__ import absolute_import, division, print_function

import os

from . import views
from ..names import LOG_BUNDLE_ZIP, LOG_BUNDLES_DIR
from ..report.logbundle import build, latest_diagnosis
from ..runtime.store import FileStore
from .fixes import fixes_data_dir
from .status import format_bytes, format_time, job_line

JOB = 'bundle_logs'
RESULT_PATH = '/logbundle/result'


class LogBundlePages(object):
    def __init__(self, runtime, state, text, settings, start_job, jobs):
        self.rt = runtime
        self.state = state
        self.text = text
        self.settings = settings        # () -> the current Settings
        self.start_job = start_job      # App.start_job(title_key, job name, work)
        self.jobs = jobs

    def target(self):
        """The FileStore folder the zip is written to: <data folder>/log_bundles."""
        return FileStore(os.path.join(fixes_data_dir(self.rt.paths), LOG_BUNDLES_DIR))

    def page(self):
        """The menu entry: start the job (or say why not) and offer the result page."""
        if latest_diagnosis(self.rt.store) is None:
            return views.view(self.text('MENU_BUNDLE_LOGS'),
                              [views.entry(self.text('FIX_DIAGNOSE_FIRST'), '/diagnose'), views.back_entry(self.text)],
                              header=self.text('BUNDLE_NO_DIAGNOSIS_HEADER'), message=self.text('BUNDLE_NO_DIAGNOSIS'))
        page = self.start_job('MENU_BUNDLE_LOGS', JOB, self.work)
        page['entries'].insert(0, views.entry(self.text('BUNDLE_SHOW'), RESULT_PATH))
        return page

    def work(self, job):
        def progress(done, total):
            job.check_stop()
            job.progress(done, total, 'bytes', self.text('PROGRESS_BUNDLING'))
        summary = build(self.rt.logs_dir(), self.rt.store, self.target(), LOG_BUNDLE_ZIP, self.rt.clock.now(),
                        hours=self.settings().log_window_hours or None, progress=progress)
        return {'size': summary['size'], 'files': len(summary['lines']), 'agents': summary['agents'],
                'iteration': summary['iteration']}

    def result_page(self):
        """Where the zip is and how big, the job's progress while it runs, or its error."""
        entries = []
        running = self.jobs.running()
        if running == JOB:
            entries.append(views.entry(job_line(self.text, self.jobs, running), RESULT_PATH))
        info = self.state.read()['jobs'].get(JOB) or {}
        if running != JOB and info.get('error'):
            entries.append(views.entry(self.text('STATUS_LAST_JOB_ERROR', job=self.text('JOB_BUNDLE_LOGS'),
                                                 status=self.text('JOB_STATUS_FAILED'),
                                                 when=format_time(info.get('finished')), error=info['error']),
                                       RESULT_PATH, info['error']))
        path = self.target().path(LOG_BUNDLE_ZIP)
        try:
            size, built = os.path.getsize(path), os.path.getmtime(path)
        except OSError:
            entries.append(views.entry(self.text('BUNDLE_NONE'), '/logbundle'))
        else:
            entries.append(views.entry(self.text('BUNDLE_READY', path=path, size=format_bytes(size)), RESULT_PATH,
                                       self.text('BUNDLE_READY_SUMMARY', when=format_time(built))))
            entries.append(views.entry(self.text('BUNDLE_AGAIN'), '/logbundle'))
        entries.append(views.status_entry(self.text))
        entries.append(views.back_entry(self.text))
        return views.view(self.text('MENU_BUNDLE_LOGS'), entries)
