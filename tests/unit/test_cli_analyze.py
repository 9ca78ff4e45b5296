# -*- coding: utf-8 -*-
"""`python -m pleximprovement analyze`: both phases read once, the four reports saved and listed."""
from __future__ import absolute_import, division, print_function

import io
import json
import os

from pleximprovement.cli import analyze

SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'logs', 'server')


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = analyze.main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_reports_are_saved_and_their_paths_printed(tmpdir):
    target = str(tmpdir.join('reports'))
    code, out, err = run('--logs', SERVER, '--out', target, '--iteration', '2')
    assert code == 0 and err == u''
    names = ['aggregated_logs_iteration_2.json', 'aggregated_logs_iteration_2.txt',
             'diagnostic_report_iteration_2.json', 'diagnostic_report_iteration_2.md']
    assert out.splitlines() == [u'Reports of %s saved in %s:' % (SERVER, target)] + [
        u'  ' + os.path.join(target, name) for name in names]
    with io.open(os.path.join(target, names[2]), 'rb') as handle:
        assert 'findings' in json.loads(handle.read().decode('utf-8'))


def test_nothing_is_saved_when_there_is_nothing_to_read(tmpdir):
    code, out, err = run('--logs', str(tmpdir.mkdir('empty')), '--out', str(tmpdir.join('reports')))
    assert code == 3 and out == u'' and u'no log files found' in err
    assert not tmpdir.join('reports').check()
