# -*- coding: utf-8 -*-
"""Offline diagnosis: ``python -m pleximprovement diagnose --logs DIR [--json] [--hours H] [--agent ID]``.

Runs the Phase 1 aggregation over a folder of logs (someone's server, or logs they sent),
diagnoses the snapshot and prints the Markdown report, or the diagnosis as JSON. A missing
or unreadable folder is exit status 2 with one line on stderr.
"""
from __future__ import absolute_import, division, print_function

import argparse
import io
import json
import sys

from ..diagnose.diagnosis import diagnose
from ..read.aggregate import run_aggregation
from ..read.reader import LogsNotFound
from ..report.diagnostic import render_markdown
from .output import USAGE_ERROR, write


def parser():
    p = argparse.ArgumentParser(prog='python -m pleximprovement diagnose',
                                description='Diagnose metadata-agent failures in a folder of Plex logs.')
    p.add_argument('--logs', required=True, metavar='DIR',
                   help="a Logs folder, its 'PMS Plugin Logs' folder, or any folder of plug-in logs")
    p.add_argument('--json', action='store_true', help='print the diagnosis as JSON instead of Markdown')
    p.add_argument('--hours', type=float, default=None, metavar='H',
                   help='only the last H hours before the newest line (default: everything)')
    p.add_argument('--agent', default=None, metavar='ID', help='only this agent identifier')
    p.add_argument('--previous', default=None, metavar='FILE',
                   help='a previous diagnosis JSON: focused mode, compared with it')
    p.add_argument('--iteration', type=int, default=1, metavar='N', help='iteration number for the report title')
    return p


def load_previous(path):
    with io.open(path, 'rb') as handle:
        return json.loads(handle.read().decode('utf-8'))


def main(argv=None, out=None, err=None):
    """Runs the command; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = parser().parse_args(argv)
    try:
        previous = load_previous(args.previous) if args.previous else None
    except (IOError, OSError, ValueError) as error:
        write(err, u'diagnose: cannot read the previous diagnosis %s: %s\n' % (args.previous, error))
        return USAGE_ERROR
    try:
        snapshot = run_aggregation(args.logs, hours=args.hours or None, agent=args.agent)
    except LogsNotFound as error:
        write(err, u'diagnose: %s\n' % (error,))
        return USAGE_ERROR
    diagnosis = diagnose(snapshot, previous=previous, finding_agents=[args.agent] if args.agent else None)
    if args.json:
        write(out, json.dumps(diagnosis, indent=1, sort_keys=True) + u'\n')
    else:
        write(out, render_markdown(diagnosis, args.iteration))
    return 0


if __name__ == '__main__':
    sys.exit(main())
