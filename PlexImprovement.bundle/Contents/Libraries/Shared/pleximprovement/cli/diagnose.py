# -*- coding: utf-8 -*-
"""Offline diagnosis: ``python -m pleximprovement diagnose --logs PATH [--json] [--hours H] [--agent ID]``.

Runs the Phase 1 aggregation over a folder of logs (someone's server, or logs they sent) or
one log file, diagnoses the snapshot and prints the Markdown report, or the diagnosis as
JSON. With --previous (the JSON of an earlier run) the diagnosis is focused and compared
with it; a file that is not such a diagnosis is refused, never read as "no previous". Exit
statuses as for aggregate (cli/aggregate.py).
"""
from __future__ import absolute_import, division, print_function

import io
import json
import sys

from ..diagnose.diagnosis import diagnose
from ..report.diagnostic import render_markdown
from .output import USAGE_ERROR, write, write_json
from .read_logs import Parser, add_log_options, parse, read_logs

NAME = 'diagnose'
# What `diagnose --json` always writes and a focused run reads back (diagnose/diagnosis.py).
FINDING_KEYS = ('key', 'id', 'kind', 'agent', 'count')


def parser():
    p = Parser(prog='python -m pleximprovement diagnose',
               description='Diagnose metadata-agent failures in a folder of Plex logs.')
    add_log_options(p)
    p.add_argument('--json', action='store_true', help='print the diagnosis as JSON instead of Markdown')
    p.add_argument('--previous', default=None, metavar='FILE',
                   help='a previous diagnosis JSON (diagnose --json): focused mode, compared with it')
    p.add_argument('--iteration', type=int, default=1, metavar='N', help='iteration number for the report title')
    return p


class NotADiagnosis(ValueError):
    """The --previous file is JSON, but not what `diagnose --json` writes."""


def load_previous(path):
    """The diagnosis saved in `path`; IOError/OSError, ValueError or NotADiagnosis otherwise."""
    with io.open(path, 'rb') as handle:
        data = handle.read()
    try:
        previous = json.loads(data.decode('utf-8'))
    except ValueError:
        raise NotADiagnosis('it is not JSON')
    if not isinstance(previous, dict) or not isinstance(previous.get('findings'), list) \
            or not isinstance(previous.get('fixes', []), list) or 'mode' not in previous:
        raise NotADiagnosis('it is not the JSON of diagnose --json (no findings, fixes and mode)')
    for finding in previous['findings']:
        if not isinstance(finding, dict) or any(key not in finding for key in FINDING_KEYS):
            raise NotADiagnosis('a finding lacks one of %s' % ', '.join(FINDING_KEYS))
    return previous


def main(argv=None, out=None, err=None):
    """Runs the command; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = parse(parser(), argv, err, NAME)
    if args is None:
        return USAGE_ERROR
    previous = None
    if args.previous is not None:
        try:
            previous = load_previous(args.previous)
        except (IOError, OSError, ValueError) as error:
            write(err, u'%s: cannot use %s as the previous diagnosis: %s\n' % (NAME, args.previous, reason(error)))
            return USAGE_ERROR
    snapshot, status = read_logs(args, err, NAME)
    if snapshot is None:
        return status
    diagnosis = diagnose(snapshot, previous=previous, finding_agents=[args.agent] if args.agent else None)
    if args.json:
        write_json(out, diagnosis)
    else:
        write(out, render_markdown(diagnosis, args.iteration))
    return status


def reason(error):
    """One line for an exception: the OS's words for a file error, else its message."""
    text = getattr(error, 'strerror', None) or u'%s' % (error,)
    return u' '.join(text.split())


if __name__ == '__main__':
    sys.exit(main())
