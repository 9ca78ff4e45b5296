# -*- coding: utf-8 -*-
"""read/reader.py: byte-level reading (decoding trouble, overlong lines, partial last lines),
file names and discovery."""
from __future__ import absolute_import, division, print_function

import io
import os

import pytest

from pleximprovement.read.reader import LineReader, LogsNotFound, classify_name, discover, newest_timestamp


def write(path, data):
    with io.open(str(path), 'wb') as handle:
        handle.write(data)
    return str(path)


def read_all(path, **kw):
    reader = LineReader(path, **kw)
    lines = []
    for batch in reader.batches():
        lines.extend(batch)
    return reader, lines


def test_crlf_nul_and_invalid_utf8(tmpdir):
    path = write(tmpdir.join('a.log'), b'one\r\ntw\x00o\r\nbad \xff\xfe here\r\n')
    reader, lines = read_all(path)
    assert lines == [b'one', b'two', b'bad \xff\xfe here']
    assert reader.skipped == {'nul_bytes': 1, 'invalid_utf8_lines': 1}
    assert reader.offset == os.path.getsize(path)


def test_partial_last_line_left_for_next_time_when_not_final(tmpdir):
    path = write(tmpdir.join('a.log'), b'complete\npartial')
    reader, lines = read_all(path, final=False)
    assert lines == [b'complete']
    assert reader.offset == len(b'complete\n')
    reader, lines = read_all(path, final=True)
    assert lines == [b'complete', b'partial']


def test_overlong_line_is_skipped_and_counted_with_small_chunks(tmpdir):
    data = b'a\n' + b'x' * 5000 + b'\nb\n' + b'y' * 3000
    path = write(tmpdir.join('a.log'), data)
    reader, lines = read_all(path, chunk_size=256, max_line=1000)
    assert lines == [b'a', b'b']
    assert reader.skipped == {'line_too_long': 2}
    assert reader.offset == len(data)


def test_overlong_line_inside_one_chunk(tmpdir):
    path = write(tmpdir.join('a.log'), b'a\n' + b'x' * 3000 + b'\nb\n')
    reader, lines = read_all(path, chunk_size=1 << 16, max_line=1000)
    assert lines == [b'a', b'b']
    assert reader.skipped == {'line_too_long': 1}


def test_fifty_megabyte_line_streams_in_constant_memory(tmpdir):
    path = str(tmpdir.join('big.log'))
    with io.open(path, 'wb') as handle:
        handle.write(b'first\n')
        block = b'z' * (1 << 20)
        for _ in range(50):
            handle.write(block)
        handle.write(b'\nlast\n')
    tracemalloc = pytest.importorskip('tracemalloc')
    tracemalloc.start()
    try:
        reader, lines = read_all(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert lines == [b'first', b'last']
    assert reader.skipped == {'line_too_long': 1}
    assert peak < 8 * (1 << 20)


def test_unreadable_file_is_counted_not_raised(tmpdir):
    reader, lines = read_all(str(tmpdir.join('missing.log')))
    assert lines == [] and reader.skipped == {'unreadable_file': 1}


def test_discover_logs_folder_orders_rotations_oldest_first(tmpdir):
    plugin = tmpdir.mkdir('PMS Plugin Logs')
    for name in ('a.log', 'a.log.1', 'a.log.2', 'b.log', 'notes.jpg'):
        plugin.join(name).write(b'x\n', mode='wb')
    for name in ('Plex Media Server.log', 'Plex Media Server.1.log', 'Plex Media Scanner.log'):
        tmpdir.join(name).write(b'x\n', mode='wb')
    skipped = {}
    found = discover(str(tmpdir), skipped)
    names = [os.path.basename(f.path) for f in found]
    assert names == ['Plex Media Server.1.log', 'Plex Media Server.log', 'a.log.2', 'a.log.1', 'a.log', 'b.log']
    assert [f.agent for f in found][2:] == ['a', 'a', 'a', 'b']
    assert skipped == {'not_a_log_file': 1}


def test_discover_missing_folder_raises(tmpdir):
    with pytest.raises(LogsNotFound):
        discover(str(tmpdir.join('nope')))


def test_newest_timestamp_reads_tail(tmpdir):
    path = write(tmpdir.join('a.log'), b'2024-01-01 00:00:00,000 (1) :  INFO (a:1) - x\n'
                                       b'2024-01-02 00:00:00,000 (1) :  INFO (a:1) - y\n  continuation\n')
    assert newest_timestamp(path) == b'2024-01-02 00:00:00'


def test_classify_name():
    assert classify_name('com.plexapp.agents.hama.log') == ('com.plexapp.agents.hama', 'plugin', 0)
    assert classify_name('com.plexapp.agents.hama.log.3') == ('com.plexapp.agents.hama', 'plugin', 3)
    assert classify_name('Plex Media Server.2.log') == (None, 'server', 2)
    assert classify_name('Plex Media Server.log') == (None, 'server', 0)
    assert classify_name('paste.txt') == ('paste', 'other', 0)
    assert classify_name('poster.jpg') is None
