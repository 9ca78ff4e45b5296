# -*- coding: utf-8 -*-
"""Offline command line: `python -m pleximprovement <command> ...`.

COMMANDS maps a sub-command name to a function `main(argv) -> exit code`; adding one is a
single line here (e.g. `'diagnose': _lazy('diagnose_cli', 'main')`). Modules are imported only
when their command runs, so a broken optional module never breaks the others.

aggregate: `aggregate --logs DIR [--hours H] [--agent ID] [--json]` reads DIR (a server's
`Logs` folder or any folder of logs) and prints the plain report, or the JSON snapshot with
the keys totals, agents, errors, tracebacks, window, files, skipped (plus the rest of the
contracts.md snapshot). A missing or unreadable folder exits 2 with one line on stderr.
"""
from __future__ import absolute_import, division, print_function

import argparse
import importlib
import sys

from ..read import aggregate, reader as logs


def _lazy(module, function):
    def run(argv):
        mod = importlib.import_module('pleximprovement.' + module)
        return getattr(mod, function)(argv)
    return run


def aggregate_main(argv):
    parser = argparse.ArgumentParser(prog='python -m pleximprovement aggregate',
                                     description='Aggregate Plex plug-in and server logs into metrics.')
    parser.add_argument('--logs', required=True, help="a server's Logs folder or any folder of log files")
    parser.add_argument('--hours', type=float, default=None,
                        help='only the H hours up to the newest line found (default: every line)')
    parser.add_argument('--agent', default=None, help='only this agent identifier')
    parser.add_argument('--json', action='store_true', help='print the JSON snapshot instead of the report')
    args = parser.parse_args(argv)
    try:
        snapshot = aggregate.run_aggregation(args.logs, hours=args.hours, agent=args.agent)
    except logs.LogsNotFound as error:
        sys.stderr.write('error: %s\n' % (error,))
        return 2
    out = aggregate.cli_json(snapshot) + '\n' if args.json else aggregate.report_text(snapshot)
    _write(out)
    return 0


def _write(text):
    stream = getattr(sys.stdout, 'buffer', None)
    if stream is not None:
        stream.write(text.encode('utf-8'))
        stream.flush()
    else:  # Python 2.7: sys.stdout takes bytes
        if not isinstance(text, bytes):
            text = text.encode('utf-8')
        sys.stdout.write(text)
        sys.stdout.flush()


COMMANDS = {
    'aggregate': aggregate_main,
    'diagnose': _lazy('cli.diagnose', 'main'),
}


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS:
        sys.stderr.write('usage: python -m pleximprovement {%s} ...\n' % ','.join(sorted(COMMANDS)))
        return 2
    return COMMANDS[argv[0]](argv[1:])
