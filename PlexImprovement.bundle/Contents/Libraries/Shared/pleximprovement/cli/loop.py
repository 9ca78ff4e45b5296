# -*- coding: utf-8 -*-
"""Run the whole improvement loop outside Plex: ``python -m pleximprovement loop --server URL ...``.

    loop --server URL --token-file F --logs DIR --plugins DIR --data DATA [--apply]
         [--max-iterations N] [--resume] [--agents A,B] [--hours H] [--items N] [--alpha A]
         [--deadline S] [--json]

For owners whose server hides or drops the legacy plug-in runtime (PMS 1.43 and later), from any
machine that can read the server's Logs folder (DIR) and Plug-ins folder and reach its API. The
same loop as the menu's "Run the whole loop" (loop/), the same state files and reports, in
DATA/DataItems (DATA: the plug-in's data folder, Plug-in Support/Data/<identifier>, or any
folder of yours). Without --apply it only aggregates, diagnoses and proposes. Progress goes to
stderr (phase, iteration, item N of M); Ctrl-C stops at the next safe point and keeps the state,
so --resume continues at the step that was running; a second Ctrl-C stops at once.
Exit 0 when the loop ended by one of its exit conditions (stop on request included), 4 when it
stopped on a critical failure (fix the cause, then --resume), 2 with one line on stderr when it
cannot start (bad arguments, unreadable token file, a loop already running on DATA).
"""
from __future__ import absolute_import, division, print_function

import argparse
import os
import signal
import sys
import threading
import time

from ..contributor.record import ContributionLog
from ..fixes.errors import Refused
from ..fixes.installer import Installer
from ..jobs import StopRequested
from ..loop.audit import AuditedClient
from ..loop.exits import CRITICAL_FAILURE, Limits
from ..loop.lock import AlreadyRunning, LoopLock
from ..loop.record import LoopRecord
from ..loop.services import LoopServices
from ..loop.session import run_session
from ..menu.phase_runs import PhaseRuns
from ..menu.strings import Text
from ..names import FINAL_REPORT
from ..prefs import DEFAULTS, validate
from ..runtime.kits import Clock, StreamLog
from ..runtime.paths import DATA_ITEMS, PLUGIN_LOGS
from ..runtime.store import FileStore
from ..state import StateStore
from ..trial.decide import Rules
from ..trial.runner import Options
from .output import write, write_json
from .read_logs import Parser, run_command
from .trial import pref_number, read_token

NAME = 'loop'
CRITICAL = 4


def parser():
    p = Parser(prog='python -m pleximprovement loop',
               description='Aggregate, diagnose, apply one fix, test it, keep or roll it back; repeat until a '
                           'named exit.')
    p.add_argument('--server', required=True, metavar='URL', help='the server, e.g. http://127.0.0.1:32400')
    p.add_argument('--token-file', required=True, metavar='F', help='a file holding the X-Plex-Token')
    p.add_argument('--logs', required=True, metavar='DIR', help="the server's Logs folder")
    p.add_argument('--plugins', required=True, metavar='DIR', help="the server's Plug-ins folder")
    p.add_argument('--data', required=True, metavar='DATA', help='the folder for the state, journal and reports')
    p.add_argument('--apply', action='store_true', help='apply and test fixes (default: only propose them)')
    p.add_argument('--resume', action='store_true', help='continue the last session that did not finish')
    p.add_argument('--max-iterations', type=pref_number('max_iterations'), default=None, metavar='N')
    p.add_argument('--agents', default=None, metavar='A,B', help='only these agents (identifiers; default all)')
    p.add_argument('--hours', type=pref_number('log_window_hours'), default=None, metavar='H',
                   help='log window in hours (default the log_window_hours pref, %s)' % DEFAULTS['log_window_hours'])
    p.add_argument('--items', type=pref_number('test_items_per_fix'), default=None, metavar='N')
    p.add_argument('--alpha', type=pref_number('trial_alpha'), default=None, metavar='A')
    p.add_argument('--deadline', type=float, default=120.0, metavar='S', help='seconds one refresh may take')
    p.add_argument('--json', action='store_true', help='print the final loop state as JSON')
    return p


def settings_of(args):
    """The Settings the loop reads: the Prefs' defaults with the arguments given instead."""
    given = {'max_iterations': args.max_iterations, 'target_agents': args.agents, 'log_window_hours': args.hours,
             'test_items_per_fix': args.items, 'trial_alpha': args.alpha, 'server_url': args.server,
             'allow_automatic_fixes': 'true' if args.apply else 'false'}

    def get(pref_id):
        value = given.get(pref_id)
        return DEFAULTS.get(pref_id) if value is None else u'%s' % (value,)
    settings, problems = validate(get)
    if problems:
        raise Refused('; '.join('%s: %r' % (p.pref_id, p.params.get('value')) for p in problems))
    return settings


class CliJob(object):
    """What the coordinator expects of a job: a stop switch and progress, here on stderr."""

    def __init__(self, err):
        self.err = err
        self.stop_event = threading.Event()
        self.last = None

    def check_stop(self):
        if self.stop_event.is_set():
            raise StopRequested()

    def say(self, line):
        """A step's line (the coordinator then shows it as progress too: printed once)."""
        self.last = line
        write(self.err, u'%s\n' % (line,))

    def progress(self, done, total, unit='', text=''):
        if text and text != self.last:
            self.last = text
            write(self.err, u'%s\n' % (text,))


def honour_ctrl_c(job, err):
    """First Ctrl-C: stop at the next safe point; the second: at once."""
    def handler(signum, frame):
        if job.stop_event.is_set():
            raise KeyboardInterrupt()
        job.stop_event.set()
        write(err, u'stopping at the next safe point (Ctrl-C again to stop at once)\n')
    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError:      # not the main thread (tests calling main() from a thread)
        pass


def summary_text(state, report_dir):
    base = state.get('baseline_metrics') or {}
    final = state.get('current_metrics') or {}
    lines = [u'success rate: %s -> %s' % (rate(base), rate(final)),
             u'fixes kept: %s' % (names(state['fixes_successful']) or u'none'),
             u'fixes rolled back or not applied: %s' % (names(state['fixes_failed']) or u'none'),
             u'exit: %s (%s)' % (state['exit_condition'], state['exit_text']),
             u'report: %s' % (os.path.join(report_dir, state.get('report') or FINAL_REPORT),)]
    return u'\n'.join(lines) + u'\n'


def rate(metrics):
    return u'no data' if metrics.get('success_rate') is None else u'%.2f %%' % metrics['success_rate']


def names(fixes):
    return u', '.join(u'%s on %s' % (f['fix_id'], f['agent']) for f in fixes)


def run(args, out, err):
    token = read_token(args.token_file)
    settings = settings_of(args)
    installer = Installer(args.data, args.plugins)
    for note in installer.recover():
        write(err, u'recovered: %s\n' % (note,))
    store = FileStore(os.path.join(args.data, DATA_ITEMS))
    clock = Clock()
    record = LoopRecord(store, clock.now)
    job = CliJob(err)
    phases = PhaseRuns(StateStore(store, clock), store, clock, Text('en'), lambda: args.logs)
    options = Options(limit=int(settings.test_items_per_fix), rules=Rules(alpha=settings.trial_alpha),
                      deadline=args.deadline)
    services = LoopServices(phases, store, installer, args.plugins, os.path.join(args.logs, PLUGIN_LOGS),
                            lambda note: AuditedClient(args.server, token, note), ContributionLog(args.data),
                            settings, options, record, StreamLog(err))
    honour_ctrl_c(job, err)
    started = time.time()
    state = run_session(record, services, LoopLock(args.data, clock.now), Limits.from_settings(settings),
                        settings.agent_allowed, settings.allow_automatic_fixes, job,
                        say=job.say, trigger='cli', resume=args.resume)
    if args.json:
        write_json(out, state)
    else:
        write(out, summary_text(state, store.directory))
        write(out, u'%.1f s\n' % (time.time() - started,))
    return CRITICAL if state['exit_condition'] == CRITICAL_FAILURE else 0


def main(argv=None, out=None, err=None):
    """Runs the command; returns the exit status."""
    return run_command(NAME, parser(), run, argv, out, err,
                       (Refused, AlreadyRunning, argparse.ArgumentTypeError, EnvironmentError))


if __name__ == '__main__':
    sys.exit(main())
