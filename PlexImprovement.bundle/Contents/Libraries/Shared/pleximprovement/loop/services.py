# -*- coding: utf-8 -*-
"""What the loop's steps call, built the same way in the plug-in and on the command line.

In: PhaseRuns (menu/phase_runs.py: phases 1 and 2 with their reports and history), the store,
the fix Installer and the server's Plug-ins folder (fixes/), the plug-in logs folder, a client
factory (`make_client(note)` -> a loop/audit.py AuditedClient), the contributor's record, the
Settings, the trial Options, the LoopRecord (for audit entries) and a logger. Out: one object
with aggregate / diagnose / load_diagnosis / preview / trial / rollback / final_report /
log_error, each a thin call into the phase that does the work, so the coordinator stays about
order and decisions and its tests can pass a fake.
"""
from __future__ import absolute_import, division, print_function

from ..fixes.target import find_target
from ..names import AGGREGATE_TXT, DIAGNOSTIC_JSON, DIAGNOSTIC_MD
from ..report.postmortem import save_final_report
from ..trial.runner import run_trial


class LoopServices(object):
    """The steps' calls (see the module docstring)."""

    def __init__(self, phases, store, installer, plugins_dir, plugin_logs_dir, make_client, contributions, settings,
                 options, record, log):
        self.phases = phases
        self.store = store
        self.installer = installer
        self.plugins_dir = plugins_dir
        self.plugin_logs_dir = plugin_logs_dir
        self.make_client = make_client
        self.contributions = contributions
        self.settings = settings
        self.options = options
        self.record = record
        self.log = log

    def note_call(self, what, details):
        self.record.event('server_call', what, **details)

    def aggregate(self, job):
        out = self.phases.aggregate(job, self.settings)
        return {'snapshot': self.phases.latest_snapshot(), 'reports': [AGGREGATE_TXT % out['iteration']]}

    def diagnose(self, job, attempts):
        out = self.phases.diagnose(job, self.settings, attempts)
        return {'iteration': out['iteration'], 'diagnosis': self.load_diagnosis(out['iteration']),
                'reports': [DIAGNOSTIC_MD % out['iteration']]}

    def load_diagnosis(self, iteration):
        diagnosis = self.store.load_json(DIAGNOSTIC_JSON % iteration, None)
        if diagnosis is None:
            raise IOError('the diagnosis %s cannot be read from %s'
                          % (DIAGNOSTIC_JSON % iteration, self.store.directory))
        return diagnosis

    def target(self, agent):
        return find_target(self.plugins_dir, agent, self.settings.agent_allowed)

    def preview(self, agent, fix_id, params):
        """The parameters the installer would apply (Refused when it would refuse the fix)."""
        return self.installer.preview(self.target(agent), fix_id, params)['params']

    def trial(self, fix, diagnosis, progress, should_stop):
        return run_trial(self.make_client(self.note_call), self.installer, self.target(fix['agent']), fix['fix_id'],
                         self.store, self.plugin_logs_dir, params=fix.get('params'), diagnosis=diagnosis,
                         options=self.options, contributions=self.contributions, progress=progress,
                         should_stop=should_stop)

    def rollback(self, agent, fix_id):
        return self.installer.rollback(self.target(agent), fix_id)

    def final_report(self, state, decisions):
        last = state.get('last_diagnosis')
        diagnosis = self.store.load_json(DIAGNOSTIC_JSON % last, None) if last else None
        return save_final_report(self.store, state, decisions, diagnosis)

    def log_error(self, text):
        self.log.error('%s', text)
