# -*- coding: utf-8 -*-
"""`python -m pleximprovement aggregate` and the saved reports."""
from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys

from pleximprovement.read import aggregate
from pleximprovement.report import aggregation
from pleximprovement.runtime.store import FileStore

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(REPO, 'PlexImprovement.bundle', 'Contents', 'Libraries', 'Shared')
SERVER = os.path.join(REPO, 'tests', 'fixtures', 'logs', 'server')


def run(*args):
    env = dict(os.environ, PYTHONPATH=SHARED)
    proc = subprocess.Popen([sys.executable, '-m', 'pleximprovement'] + list(args), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    return proc.returncode, out.decode('utf-8'), err.decode('utf-8')


def test_json_keys_and_values():
    code, out, err = run('aggregate', '--logs', SERVER, '--json')
    assert code == 0, err
    data = json.loads(out)
    for key in ('totals', 'agents', 'errors', 'tracebacks', 'window', 'files', 'skipped'):
        assert key in data
    assert set(['total_search_ops', 'titles_found', 'title_failures', 'url_errors', 'model_errors',
                'success_rate']) <= set(data['totals'])
    assert data['totals']['total_search_ops'] == 9
    assert data['errors']['http']['count'] == 2
    assert data['tracebacks'][0]['count'] == 1


def test_plain_report_with_hours_and_agent():
    code, out, err = run('aggregate', '--logs', SERVER, '--hours', '1', '--agent', 'com.plexapp.agents.example')
    assert code == 0, err
    assert out.splitlines()[0] == 'Total Search Operations: 3'


def test_missing_folder_exits_2_with_one_line(tmpdir):
    code, out, err = run('aggregate', '--logs', str(tmpdir.join('nope')))
    assert code == 2 and out == ''
    assert len(err.strip().splitlines()) == 1 and 'not found' in err


def test_write_reports(tmpdir):
    store = FileStore(str(tmpdir))
    snap = aggregate.run_aggregation(SERVER)
    names = aggregation.write_reports(store, 3, snap)
    assert names == ('aggregated_logs_iteration_3.txt', 'aggregated_logs_iteration_3.json')
    text = store.load('aggregated_logs_iteration_3.txt').decode('utf-8')
    assert 'Model Read Errors: 1\n' in text
    assert store.load_json('aggregated_logs_iteration_3.json')['totals']['titles_found'] == 3
