# -*- coding: utf-8 -*-
"""cli/bundle_logs.py: exit 0 with the zip's path and size, 2 with one clear line when refused."""
from __future__ import absolute_import, division, print_function

import io
import os
import zipfile

from pleximprovement.cli import COMMANDS
from pleximprovement.cli import bundle_logs
from pleximprovement.names import DIAGNOSTIC_JSON, DIAGNOSTIC_MD
from pleximprovement.runtime.store import FileStore

AGENT = 'com.example.agents.failing'
LINE = u'2024-05-02 21:00:00,000 (7f01) :  ERROR (__init__:1) - from 10.1.2.3 to bob@example.com\n'


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    status = bundle_logs.main(argv, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def make_folders(tmpdir, diagnosis=True):
    logs = tmpdir.join('Logs')
    logs.join('PMS Plugin Logs').ensure(dir=True)
    with io.open(str(logs.join('PMS Plugin Logs', AGENT + '.log')), 'w', encoding='utf-8') as handle:
        handle.write(LINE)
    data = str(tmpdir.join('data'))
    if diagnosis:
        store = FileStore(os.path.join(data, 'DataItems'))
        store.save(DIAGNOSTIC_MD % 1, u'# Diagnosis\n')
        store.save_json(DIAGNOSTIC_JSON % 1, {'findings': [{'agent': AGENT}]})
    return str(logs), data


def test_registered_as_a_command():
    assert COMMANDS['bundle-logs'] is bundle_logs.main


def test_done_writes_the_zip_in_the_data_folder_and_prints_where(tmpdir):
    logs, data = make_folders(tmpdir)
    status, out, err = run(['--logs', logs, '--data', data, '--hours', '0'])
    assert status == 0, err
    path = os.path.join(data, 'log_bundles', 'logs_for_author.zip')
    assert out.startswith(path + u' (%d bytes): 1 log files, agents: %s; diagnosis 1' % (
        os.path.getsize(path), AGENT))
    archive = zipfile.ZipFile(path)
    try:
        log = archive.read('logs/PMS Plugin Logs/%s.log' % AGENT).decode('utf-8')
    finally:
        archive.close()
    assert u'from <ip> to <email>' in log
    assert err == u''


def test_out_and_several_agents(tmpdir):
    logs, data = make_folders(tmpdir, diagnosis=False)
    out_file = str(tmpdir.join('sent', 'mine.zip'))
    status, out, err = run(['--logs', logs, '--data', data, '--out', out_file, '--agent', AGENT, 'com.example.b',
                            '--agent', 'com.example.c'])
    assert status == 0, err
    assert os.path.isfile(out_file) and out.startswith(out_file)
    assert u'no diagnosis' in out
    assert err.splitlines() == [u'bundle-logs: left out: no log file of agent com.example.b',
                                u'bundle-logs: left out: no log file of agent com.example.c']


def test_refused_without_a_diagnosis_or_an_agent(tmpdir):
    logs, data = make_folders(tmpdir, diagnosis=False)
    status, out, err = run(['--logs', logs, '--data', data])
    assert status == 2 and out == u''
    assert len(err.splitlines()) == 1
    assert err.startswith(u'bundle-logs: no diagnosis yet in ') and u'run Diagnose first' in err


def test_refused_when_the_logs_folder_is_missing(tmpdir):
    _logs, data = make_folders(tmpdir)
    status, _out, err = run(['--logs', str(tmpdir.join('nope')), '--data', data])
    assert status == 2 and len(err.splitlines()) == 1 and u'logs folder not found' in err


def test_refused_when_the_zip_cannot_be_written(tmpdir):
    logs, data = make_folders(tmpdir)
    blocker = tmpdir.join('file')
    blocker.write('x')
    status, _out, err = run(['--logs', logs, '--data', data, '--out', os.path.join(str(blocker), 'x.zip')])
    assert status == 2 and len(err.splitlines()) == 1 and err.startswith(u'bundle-logs: cannot write ')


def test_bad_hours_is_a_usage_error(tmpdir):
    logs, data = make_folders(tmpdir)
    status, _out, err = run(['--logs', logs, '--data', data, '--hours', 'soon'])
    assert status == 2 and len(err.splitlines()) == 1 and u'--hours' in err
