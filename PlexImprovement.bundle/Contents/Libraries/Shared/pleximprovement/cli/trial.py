# -*- coding: utf-8 -*-
"""Test a fix on live refreshes: ``python -m pleximprovement trial --server URL --token-file F ...``.

    trial --server URL --token-file F --plugins DIR --data DATA --agent BUNDLE_OR_IDENTIFIER --fix ID
          [--items N] [--param NAME=VALUE ...] [--logs DIR] [--alpha A] [--deadline S] [--json]

Runs trial/runner.py against any server: refreshes the items (the last diagnosis's findings in
DATA/DataItems name them; else the unmatched items of the sections using the agent, at most
--items, default the test_items_per_fix pref), applies the fix, refreshes them again and
decides KEEP, ROLLBACK or MONITOR. DIR is the server's Plug-ins folder; the agent's log is read
from DIR's Logs/PMS Plugin Logs beside it unless --logs names the server's Logs folder; DATA is
the plug-in's data folder (Plug-in Support/Data/<identifier>: the fix journal, its DataItems
with the diagnosis, the reports and the back-off windows, and the contributor's record).
The token is read from the file F and sent only as the X-Plex-Token header; it is never
printed. Out: the decision (or with --json the whole result: pairs, discordant, p_value,
decision, refreshes, refreshes_saved...) and the report saved in DATA/DataItems. Exit 0 with a
decision (MONITOR included: a server that went away, a refused token); 2 with one line on
stderr when the trial cannot start (bad arguments, unreadable token file, unknown agent or
fix, nothing to test).
"""
from __future__ import absolute_import, division, print_function

import argparse
import io
import os
import sys

from ..contributor.record import ContributionLog
from ..fixes.errors import Refused
from ..fixes.installer import Installer
from ..fixes.target import find_target
from ..report.diagnostic import latest_diagnosis
from ..pms.client import PmsClient
from ..prefs import DEFAULTS, NUMERIC, check_number
from ..runtime.paths import DATA_ITEMS, PLUGIN_LOGS, ServerLayout
from ..runtime.store import FileStore
from ..trial.decide import Rules
from ..trial.runner import Options, TrialRefused, run_trial
from .fix import parse_params
from .output import write, write_json
from .read_logs import Parser, run_command

NAME = 'trial'


def pref_number(pref_id):
    """argparse type for a number in a pref's range (prefs.NUMERIC)."""
    def check(text):
        number, problem = check_number(pref_id, text)
        if problem is not None:
            low, high = NUMERIC[pref_id][:2]
            raise argparse.ArgumentTypeError('"%s" is not a number from %s to %s' % (text, low, high))
        return number
    return check


def parser():
    p = Parser(prog='python -m pleximprovement trial',
               description='Keep or roll back a fix on paired evidence from real refreshes through the server.')
    p.add_argument('--server', required=True, metavar='URL', help='the server, e.g. http://127.0.0.1:32400')
    p.add_argument('--token-file', required=True, metavar='F', help='a file holding the X-Plex-Token')
    p.add_argument('--plugins', required=True, metavar='DIR', help="the server's Plug-ins folder")
    p.add_argument('--data', required=True, metavar='DATA', help="the plug-in's data folder (journal, DataItems)")
    p.add_argument('--agent', required=True, metavar='BUNDLE_OR_IDENTIFIER')
    p.add_argument('--fix', required=True, metavar='ID')
    p.add_argument('--param', action='append', default=[], metavar='NAME=VALUE')
    p.add_argument('--items', type=pref_number('test_items_per_fix'), default=None, metavar='N',
                   help='at most N items (default: the test_items_per_fix pref, %s)' % DEFAULTS['test_items_per_fix'])
    p.add_argument('--alpha', type=pref_number('trial_alpha'), default=None, metavar='A',
                   help='significance level of the sign test (default: the trial_alpha pref, %s)'
                        % DEFAULTS['trial_alpha'])
    p.add_argument('--deadline', type=float, default=120.0, metavar='S', help='seconds one refresh may take')
    p.add_argument('--logs', default=None, metavar='DIR', help="the server's Logs folder (default: beside DIR)")
    p.add_argument('--json', action='store_true', help='print the whole result as JSON')
    return p


def read_token(path):
    """The token in the file (surrounding white space dropped); Refused naming the file, never its content."""
    try:
        with io.open(path, 'rb') as handle:
            token = handle.read().decode('utf-8', 'replace').strip()
    except (IOError, OSError) as error:
        raise Refused('cannot read the token file %s: %s' % (path, error.strerror or error))
    if not token or any(c.isspace() for c in token):
        raise Refused('the token file %s does not hold one token (it is empty or holds several words)' % (path,))
    return token


def plugin_logs_dir(args):
    if args.logs:
        return os.path.join(args.logs, PLUGIN_LOGS)
    return ServerLayout(os.path.dirname(os.path.abspath(args.plugins))).plugin_logs_dir


def summary_text(result):
    stat = result['statistic']
    lines = ['decision: %s (%s)' % (result['decision'], result['reason'])]
    if result['interrupted']:
        lines.append('interrupted: %s' % (result['interrupted']['detail'],))
    lines.append('improved %d, worsened %d, unchanged %d of %d pairs; p = %.6g (%s) at alpha %s' % (
        stat['improved'], stat['worsened'], result['unchanged'], result['planned'], stat['p_value'],
        stat['p_exact'], stat['alpha']))
    lines.append('refreshes: %d (saved %d of %d)'
                 % (result['refreshes'], result['refreshes_saved'], result['refreshes_full']))
    lines.append('fix %s is %s on %s' % (result['fix'], result['fix_state'].replace('_', ' '), result['bundle']))
    lines.extend('note: %s' % (note,) for note in result['notes'])
    lines.append('report: %s' % (result['report'],))
    return '\n'.join(lines) + '\n'


def run(args, out, err):
    token = read_token(args.token_file)
    installer = Installer(args.data, args.plugins)
    for note in installer.recover():
        write(err, 'recovered: %s\n' % (note,))
    installer.resolve(args.fix)   # an unknown fix is named before anything else is looked at
    target = find_target(args.plugins, args.agent, None)
    store = FileStore(os.path.join(args.data, DATA_ITEMS))
    alpha = args.alpha if args.alpha is not None else float(DEFAULTS['trial_alpha'])
    limit = args.items if args.items is not None else int(DEFAULTS['test_items_per_fix'])
    options = Options(limit=limit, rules=Rules(alpha=alpha), deadline=args.deadline)
    result = run_trial(PmsClient(args.server, token), installer, target, args.fix, store, plugin_logs_dir(args),
                       params=parse_params(args.param), diagnosis=latest_diagnosis(store), options=options,
                       contributions=ContributionLog(args.data))
    if args.json:
        write_json(out, result)
    else:
        write(out, summary_text(result))
    return 0


def main(argv=None, out=None, err=None):
    """Runs the command; returns the exit status."""
    return run_command(NAME, parser(), run, argv, out, err, (Refused, TrialRefused, EnvironmentError))


if __name__ == '__main__':
    sys.exit(main())
