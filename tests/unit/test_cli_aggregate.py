# -*- coding: utf-8 -*-
"""`python -m pleximprovement aggregate` and the saved reports."""
from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys


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
    # two agent 403/404s plus the framework's resource-hashes 404 at start (docs/counts.md)
    assert data['errors']['http']['count'] == 3
    assert data['tracebacks'][0]['count'] == 1


def test_plain_report_with_hours_and_agent():
    code, out, err = run('aggregate', '--logs', SERVER, '--hours', '1', '--agent', 'com.plexapp.agents.example')
    assert code == 0, err
    assert out.splitlines()[0] == 'Total Search Operations: 3'


def test_missing_folder_exits_2_with_one_line(tmpdir):
    code, out, err = run('aggregate', '--logs', str(tmpdir.join('nope')))
    assert code == 2 and out == ''
    assert len(err.strip().splitlines()) == 1 and 'not found' in err


def test_json_is_utf8_and_has_no_trailing_spaces():
    code, out, err = run('aggregate', '--logs', SERVER, '--json')
    assert code == 0, err
    assert all(line == line.rstrip() for line in out.splitlines())
    assert out == json.dumps(json.loads(out), indent=1, sort_keys=True, separators=(',', ': '),
                             ensure_ascii=False) + '\n'


def test_a_secret_in_the_logs_is_not_printed(tmpdir):
    log = tmpdir.join('com.example.agents.leaky.log')
    log.write(b"2024-05-02 21:00:00,000 (7f01) :  ERROR (networking:197) - Error opening URL "
              b"'https://api.example.org/s?api%5Fkey=S3cr3tK3y&q=1' {'X-Plex-Token': 'T0k3nT0k3n'}\n", mode='wb')
    for args in (['--json'], []):
        code, out, err = run('aggregate', '--logs', str(log), *args)
        assert code == 0, err
        assert 'S3cr3tK3y' not in out and 'T0k3nT0k3n' not in out
