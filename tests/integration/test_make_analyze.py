# -*- coding: utf-8 -*-
"""`make analyze LOGS=...`: both phases, the reports' paths printed, the command not echoed,
and a folder name with quotes or spaces passed on as it is."""
from __future__ import absolute_import, division, print_function

import os
import shutil
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVER = os.path.join(REPO, 'tests', 'fixtures', 'logs', 'server')
REPORTS = ['aggregated_logs_iteration_1.json', 'aggregated_logs_iteration_1.txt',
           'diagnostic_report_iteration_1.json', 'diagnostic_report_iteration_1.md']


def make(*args):
    # Run as a user would: not as a sub-make of `make test` (which would add "Entering directory").
    env = dict((k, v) for k, v in os.environ.items() if k not in ('MAKEFLAGS', 'MFLAGS', 'MAKELEVEL'))
    proc = subprocess.Popen(['make', '--no-print-directory', 'analyze'] + list(args), cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    return proc.returncode, out.decode('utf-8'), err.decode('utf-8')


@pytest.fixture
def quoted_logs(tmpdir):
    logs = os.path.join(str(tmpdir), 'Logs of "Bob" and it\'s server')
    shutil.copytree(SERVER, logs)
    return logs


@pytest.mark.skipif(not any(os.access(os.path.join(d, 'make'), os.X_OK)
                            for d in os.environ.get('PATH', '').split(os.pathsep)), reason='no make')
def test_make_analyze_runs_both_phases_and_says_where_the_reports_are(quoted_logs, tmpdir):
    out_dir = os.path.join(str(tmpdir), 'reports "here"')
    code, out, err = make('LOGS=' + quoted_logs, 'OUT=' + out_dir)
    assert code == 0, err
    assert out.splitlines() == ['Reports of %s saved in %s:' % (quoted_logs, out_dir)] + [
        '  ' + os.path.join(out_dir, name) for name in REPORTS]
    assert sorted(os.listdir(out_dir)) == REPORTS
    with open(os.path.join(out_dir, 'diagnostic_report_iteration_1.md'), 'rb') as handle:
        assert handle.read().startswith(b'# Diagnostic report, iteration 1')
    with open(os.path.join(out_dir, 'aggregated_logs_iteration_1.txt'), 'rb') as handle:
        assert handle.read().startswith(b'Total Search Operations: ')
    assert 'pleximprovement' not in err


@pytest.mark.skipif(not any(os.access(os.path.join(d, 'make'), os.X_OK)
                            for d in os.environ.get('PATH', '').split(os.pathsep)), reason='no make')
def test_make_analyze_refuses_a_missing_folder_in_one_line(tmpdir):
    code, out, err = make('LOGS=' + str(tmpdir.join('no "such" folder')), 'OUT=' + str(tmpdir))
    assert code != 0 and out == ''
    assert err.splitlines()[0] == 'analyze: logs folder not found: %s' % tmpdir.join('no "such" folder')
    code, out, err = make()
    assert code != 0 and err.startswith('make analyze needs a logs folder')
