# -*- coding: utf-8 -*-
"""Offline analysis: ``python -m pleximprovement analyze --logs PATH --out DIR [--hours H] [--agent ID]``.

Phases 1 and 2 over a folder of logs (or one log file), read once: the aggregation and the
diagnosis reports are saved in DIR as the plug-in saves them (aggregated_logs_iteration_N.txt
and .json, diagnostic_report_iteration_N.md and .json, names.py), and the paths are printed.
`make analyze LOGS=...` runs this. Exit statuses as for aggregate (cli/aggregate.py).
"""
from __future__ import absolute_import, division, print_function

import os
import sys

from ..diagnose.diagnosis import diagnose
from ..report.aggregation import write_reports
from ..report.diagnostic import write_diagnostic_report
from ..runtime.store import FileStore
from .output import USAGE_ERROR, write
from .read_logs import Parser, add_log_options, parse, read_logs

NAME = 'analyze'


def parser():
    p = Parser(prog='python -m pleximprovement analyze',
               description='Aggregate and diagnose a folder of Plex logs; save both reports in a folder.')
    add_log_options(p)
    p.add_argument('--out', required=True, metavar='DIR', help='the folder the reports are saved in (created)')
    p.add_argument('--iteration', type=int, default=1, metavar='N', help='iteration number in the report names')
    return p


def main(argv=None, out=None, err=None):
    """Runs the command; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = parse(parser(), argv, err, NAME)
    if args is None:
        return USAGE_ERROR
    snapshot, status = read_logs(args, err, NAME)
    if snapshot is None:
        return status
    store = FileStore(args.out)
    names = list(write_reports(store, args.iteration, snapshot))
    names.extend(write_diagnostic_report(store, args.iteration, diagnose(
        snapshot, finding_agents=[args.agent] if args.agent else None)))
    write(out, u'Reports of %s saved in %s:\n' % (args.logs, args.out))
    for name in sorted(names):
        write(out, u'  %s\n' % os.path.join(args.out, name))
    return status
