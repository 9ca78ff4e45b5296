# -*- coding: utf-8 -*-
"""report/logbundle.py: what goes into the zip for the agent's author, redacted, in which order."""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import zipfile

import pytest

from pleximprovement.names import DIAGNOSTIC_JSON, DIAGNOSTIC_MD
from pleximprovement.report.logbundle import BundleRefused, build, latest_diagnosis, plan
from pleximprovement.runtime.store import FileStore

AGENT = 'com.example.agents.failing'
OTHER = 'com.example.agents.quiet'
NOW = 1714680000.0
SECRETS = (u'abc123tok', u'bob@example.com', u'192.168.1.20', u'2001:db8::8a2e:370:7334', u'alice', u'carol',
           u'dave', u'203.0.113.7')


def framework_line(ts, message, level='INFO'):
    return u'%s,000 (7f01) :  %s (__init__:10) - %s\n' % (ts, level, message)


def write(path, text):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(path, 'wb') as handle:
        handle.write(text.encode('utf-8') if not isinstance(text, bytes) else text)


@pytest.fixture
def server(tmpdir):
    """A Logs folder (two agents, rotated logs, the server log) and a store with diagnosis 2 naming AGENT."""
    logs = str(tmpdir.join('Logs'))
    plugins = os.path.join(logs, 'PMS Plugin Logs')
    write(os.path.join(plugins, AGENT + '.log.1'), framework_line('2024-05-02 20:00:00', u'older rotated line'))
    write(os.path.join(plugins, AGENT + '.log'), u''.join([
        framework_line('2024-05-02 21:00:00', u'GET https://site.example/s?X-Plex-Token=abc123tok&q=1'),
        framework_line('2024-05-02 21:00:01', u'mail bob@example.com from 192.168.1.20 and 127.0.0.1', 'ERROR'),
        framework_line('2024-05-02 21:00:02', u'peer 2001:db8::8a2e:370:7334 and ::1'),
        framework_line('2024-05-02 21:00:03', u'Exception (most recent call last):', 'CRITICAL'),
        u'  File "/home/alice/Plex/Plug-ins/X.bundle/Contents/Code/__init__.py", line 9, in search\n',
        u'  File "/Users/carol/Library/x.py", line 3, in f\n',
        u'  File "C:\\Users\\dave\\AppData\\x.py", line 3, in f\n',
        u'  File "/var/lib/plexmediaserver/Library/x.py", line 3, in f\n',
        u'HTTPError: HTTP Error 403: Forbidden\n']))
    write(os.path.join(plugins, OTHER + '.log'), framework_line('2024-05-02 21:00:00', u'quiet agent line'))
    write(os.path.join(logs, 'Plex Media Server.1.log'),
          u'May 02, 2024 19:00:00.000 [0x7f01] DEBUG - older server line\n')
    write(os.path.join(logs, 'Plex Media Server.log'),
          u'May 02, 2024 21:00:05.000 [0x7f01] DEBUG - Request: [203.0.113.7:5 (WAN)] GET /x Signed-in Token (dave)\n')
    store = FileStore(str(tmpdir.join('data', 'DataItems')))
    store.save(DIAGNOSTIC_MD % 1, u'# old diagnosis\n')
    store.save_json(DIAGNOSTIC_JSON % 1, {'findings': [{'agent': OTHER}]})
    store.save(DIAGNOSTIC_MD % 2, u'# Diagnosis 2\nfrom 192.168.1.20\n')
    store.save_json(DIAGNOSTIC_JSON % 2, {'findings': [{'agent': AGENT, 'kind': 'blocked'}], 'mode': 'full'})
    return logs, store, FileStore(str(tmpdir.join('data', 'log_bundles')))


def built(server, **kwargs):
    logs, store, target = server
    summary = build(logs, store, target, 'bundle.zip', NOW, **kwargs)
    archive = zipfile.ZipFile(summary['path'])
    try:
        assert [info.external_attr >> 16 for info in archive.infolist()] == [0o100644] * len(archive.namelist())
        contents = dict((name, archive.read(name).decode('utf-8')) for name in archive.namelist())
        return summary, archive.namelist(), contents
    finally:
        archive.close()


def test_members_in_a_fixed_order_with_the_last_diagnosis_and_rotated_logs(server):
    summary, names, contents = built(server)
    assert names == ['README.txt', 'diagnosis/diagnostic_report_iteration_2.md',
                     'diagnosis/diagnostic_report_iteration_2.json',
                     'logs/Plex Media Server.1.log', 'logs/Plex Media Server.log',
                     'logs/PMS Plugin Logs/%s.log.1' % AGENT, 'logs/PMS Plugin Logs/%s.log' % AGENT]
    assert summary['agents'] == [AGENT] and summary['iteration'] == 2
    assert summary['size'] == os.path.getsize(summary['path'])
    assert json.loads(contents['diagnosis/diagnostic_report_iteration_2.json'])['findings'][0]['agent'] == AGENT
    assert 'older rotated line' in contents['logs/PMS Plugin Logs/%s.log.1' % AGENT]
    assert 'quiet agent line' not in u''.join(contents.values())
    readme = contents['README.txt']
    assert AGENT in readme and 'those the last diagnosis has findings for' in readme
    assert '<ip>' in readme and '<email>' in readme and 'every line' in readme


def test_each_kind_of_personal_data_is_redacted_inside_the_zip(server):
    _summary, _names, contents = built(server)
    everything = u''.join(contents.values())
    for secret in SECRETS:
        assert secret not in everything, secret
    log = contents['logs/PMS Plugin Logs/%s.log' % AGENT]
    assert u'X-Plex-Token=<redacted>&q=1' in log
    assert u'mail <email> from <ip> and 127.0.0.1' in log
    assert u'peer <ip> and ::1' in log
    assert u'/home/<user>/Plex' in log and u'/Users/<user>/Library' in log and u'C:\\Users\\<user>\\AppData' in log
    assert u'/var/lib/plexmediaserver/Library/x.py' in log
    assert u'Request: [<ip>:5 (WAN)]' in contents['logs/Plex Media Server.log']
    assert u'Signed-in Token (<user>)' in contents['logs/Plex Media Server.log']
    assert u'from <ip>' in contents['diagnosis/diagnostic_report_iteration_2.md']


def test_the_window_drops_old_files_and_old_records_with_their_tracebacks(server):
    logs, store, target = server
    write(os.path.join(logs, 'PMS Plugin Logs', AGENT + '.log'), u''.join([
        framework_line('2024-05-02 18:00:00', u'too old', 'CRITICAL'),
        u'  File "/p/old.py", line 1, in old_frame\n',
        framework_line('2024-05-02 20:30:00', u'inside the window', 'CRITICAL'),
        u'  File "/p/new.py", line 1, in new_frame\n']))
    summary, names, contents = built(server, hours=1)
    assert 'logs/Plex Media Server.1.log' not in names            # newest line 19:00, window from 20:00:05
    assert 'logs/PMS Plugin Logs/%s.log.1' % AGENT not in names   # 20:00:00, just before the window
    log = contents['logs/PMS Plugin Logs/%s.log' % AGENT]
    assert 'inside the window' in log and 'new_frame' in log
    assert 'too old' not in log and 'old_frame' not in log
    assert any(entry.startswith('older than the window: ') for entry in summary['left_out'])
    assert 'from 2024-05-02 20:00:05 on' in contents['README.txt']


def test_named_agents_replace_the_diagnosis_agents(server):
    summary, names, contents = built(server, agents=[OTHER, 'com.example.absent'])
    assert 'logs/PMS Plugin Logs/%s.log' % OTHER in names
    assert not [n for n in names if AGENT in n]
    assert 'no log file of agent com.example.absent' in summary['left_out']
    assert 'named by whoever built this zip' in contents['README.txt']


def test_a_link_out_of_the_logs_folder_is_left_out(server, tmpdir):
    logs, _store, _target = server
    outside = str(tmpdir.join('elsewhere.log'))
    write(outside, framework_line('2024-05-02 21:00:00', u'private file outside the Logs folder'))
    link = os.path.join(logs, 'PMS Plugin Logs', AGENT + '.log.2')
    os.symlink(outside, link)
    summary, names, contents = built(server)
    assert 'logs/PMS Plugin Logs/%s.log.2' % AGENT not in names
    assert 'private file outside' not in u''.join(contents.values())
    assert 'outside the logs folder (a link): %s' % link in summary['left_out']


@pytest.mark.skipif(not hasattr(os, 'mkfifo'), reason='no FIFOs on this OS')
def test_a_fifo_is_named_and_left_out(server):
    logs, _store, _target = server
    fifo = os.path.join(logs, 'PMS Plugin Logs', AGENT + '.log.3')
    os.mkfifo(fifo)
    summary, names, contents = built(server)      # would block forever if the FIFO were opened
    assert not [n for n in names if n.endswith('.log.3')]
    assert [e for e in summary['left_out'] if e.startswith('not_a_regular_file: ') and fifo in e]
    assert 'a FIFO' in contents['README.txt']


class Stop(Exception):
    pass


def test_the_zip_is_replaced_atomically_and_a_stopped_build_keeps_the_old_one(server):
    logs, store, target = server
    first = build(logs, store, target, 'bundle.zip', NOW)
    with io.open(first['path'], 'rb') as handle:
        before = handle.read()

    def stop(done, total):
        if done:
            raise Stop()
    with pytest.raises(Stop):
        build(logs, store, target, 'bundle.zip', NOW + 60, progress=stop)
    with io.open(first['path'], 'rb') as handle:
        assert handle.read() == before
    assert not [n for n in os.listdir(target.directory) if n.startswith('.member-')]
    again = build(logs, store, target, 'bundle.zip', NOW)
    with io.open(again['path'], 'rb') as handle:
        assert handle.read() == before        # the same inputs give the same bytes


def test_refusals_name_what_is_missing(tmpdir, server):
    logs, _store, target = server
    empty = FileStore(str(tmpdir.join('nothing')))
    with pytest.raises(BundleRefused) as error:
        plan(logs, empty)
    assert 'no diagnosis yet' in str(error.value) and 'Diagnose' in str(error.value)
    with pytest.raises(BundleRefused) as error:
        build(str(tmpdir.join('no-logs')), empty, target, 'x.zip', NOW, agents=[AGENT])
    assert 'not found' in str(error.value)


def test_latest_diagnosis_is_the_highest_iteration(server):
    _logs, store, _target = server
    assert latest_diagnosis(store) == 2
    store.save_json(DIAGNOSTIC_JSON % 10, {'findings': []})
    assert latest_diagnosis(store) == 10
