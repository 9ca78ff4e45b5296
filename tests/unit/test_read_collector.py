# -*- coding: utf-8 -*-
"""read/collector.py: incremental reads, rotation not double-counted, truncation, replacement,
loss when rotation outran it, per-tick parts and their compaction, crash recovery (at every
write of a tick) without double counting; and what keeps a tick's memory bounded: streamed
JSON, a shared item budget, and a first delta stored as is."""
from __future__ import absolute_import, division, print_function

import io
import json
import os

import pytest

from pleximprovement import names
from pleximprovement.read import accumulator, collector, operations, snapshot
from pleximprovement.read.reader import LineReader, discover
from pleximprovement.runtime import local_runtime
from pleximprovement.runtime.store import FileStore, write_json_chunked

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'logs', 'server')
AGENT = 'com.plexapp.agents.x'


def search(ts, found=True, thread='7f01'):
    head = '2024-05-02 %s,000 (%s) :  ' % (ts, thread)
    lines = [head + 'DEBUG (runtime:717) - Handling request GET /:/plugins/x/messaging/function/'
             'X0FnZW50S2l0OlNlYXJjaA__/MQo_/MQo_',
             head + "INFO (agentkit:961) - Searching for matches for {'name': u'T', 'id': '1'}",
             head + 'INFO (__init__:1) - ' + ('Found 1 result' if found else 'No results'),
             head + 'DEBUG (runtime:924) - Response: [200] str, 9 bytes']
    return ('\n'.join(lines) + '\n').encode('ascii')


class Env(object):
    def __init__(self, tmpdir):
        self.logs = tmpdir.mkdir('Logs')
        self.plugin = self.logs.mkdir('PMS Plugin Logs')
        self.rt = local_runtime(str(tmpdir.mkdir('support')), data_dir=str(tmpdir.mkdir('data')),
                                logs_dir=str(self.logs))
        self.rt.clock.now = lambda: 1714680000.0  # 2024-05-02 (any local zone)

    def path(self, suffix=''):
        return os.path.join(str(self.plugin), AGENT + '.log' + suffix)

    def append(self, data, suffix=''):
        with io.open(self.path(suffix), 'ab') as handle:
            handle.write(data)

    def rotate(self):
        for n in range(5, 0, -1):
            src = self.path('.%d' % (n - 1) if n > 1 else '')
            if os.path.exists(src):
                os.rename(src, self.path('.%d' % n))

    def tick(self):
        return collector.LogCollector(self.rt).tick()

    def totals(self):
        return collector.collected_snapshot(self.rt.store)['totals']


@pytest.fixture
def env(tmpdir):
    return Env(tmpdir)


def test_incremental_reads_only_new_bytes(env):
    env.append(search('10:00:00'))
    first = env.tick()
    assert env.totals()['total_search_ops'] == 1
    assert first['bytes_read'] == os.path.getsize(env.path())
    assert env.tick()['bytes_read'] == 0
    extra = search('10:01:00', found=False)
    env.append(extra)
    assert env.tick()['bytes_read'] == len(extra)
    t = env.totals()
    assert (t['total_search_ops'], t['titles_found'], t['title_failures']) == (2, 1, 1)
    assert collector.parts_on_disk(env.rt.store) == {'2024-05-02': [1, 3]}   # tick 2 read nothing


def test_a_file_with_no_new_bytes_is_not_opened_for_reading(env, monkeypatch):
    env.append(search('10:00:00'))
    env.append(search('09:00:00'), '.1')
    env.tick()
    env.append(search('10:01:00'))
    opened = []
    real = LineReader.batches
    monkeypatch.setattr(LineReader, 'batches', lambda self: opened.append(self.path) or real(self))
    assert env.tick()['bytes_read'] == len(search('10:01:00'))
    assert opened == [env.path()]


def test_rotated_file_is_not_counted_twice(env):
    env.append(search('10:00:00'))
    env.tick()
    env.append(search('10:01:00'))   # written, then the file rolls before the next tick
    env.rotate()
    env.append(search('10:02:00'))
    summary = env.tick()
    assert env.totals()['total_search_ops'] == 3
    assert summary['lost']['bytes_estimated'] == 0


def test_truncation_and_replacement_are_read_from_start(env):
    env.append(search('10:00:00') + search('10:01:00'))
    env.tick()
    with io.open(env.path(), 'wb') as handle:     # same first bytes, shorter: truncated
        handle.write(search('10:00:00')[:100] + b'\n')
    env.tick()
    state = env.rt.store.load_json('collector_state.json')
    assert list(state['cursors'].values())[0]['offset'] == 101
    os.remove(env.path())
    env.append(search('11:00:00'))                 # a different file at the same path
    env.tick()
    assert env.totals()['total_search_ops'] == 3
    assert collector.collected_snapshot(env.rt.store)['skipped'].get('truncated') == 1


def test_loss_is_reported_when_rotation_outran_the_collector(env):
    env.append(search('10:00:00'))
    env.tick()
    for i in range(7):                              # seven rolls, a search per minute: the
        env.rotate()                                # known file and one more went unseen
        env.append(search('10:%02d:00' % (i + 1)))
    summary = env.tick()
    assert env.totals()['total_search_ops'] == 1 + 6
    entry = summary['lost']['files'][0]
    assert entry['gap'] is True and entry['gap_seconds'] == 120
    # rate = 6 files of one search over 5 minutes; 2 minutes unseen ~ 2.4 files' bytes
    one = len(search('10:00:00'))
    assert 2 * one <= summary['lost']['bytes_estimated'] <= 3 * one
    assert collector.collected_snapshot(env.rt.store)['lost']['bytes_estimated'] == summary['lost']['bytes_estimated']


def tick_with_power_cut(env, monkeypatch, cut):
    """One tick whose store writes raise RuntimeError('power cut') whenever cut(name, data) is
    true (and save normally otherwise); the tick must raise. Saving works again afterwards.
    Every write goes through FileStore.save_with (save() and the streamed JSON writes)."""
    store = env.rt.store
    real_save_with = store.save_with

    def save_with(name, write):
        buffer = io.BytesIO()
        write(buffer)
        data = buffer.getvalue()
        if cut(name, data):
            raise RuntimeError('power cut')
        return real_save_with(name, lambda handle: handle.write(data))

    monkeypatch.setattr(store, 'save_with', save_with)
    with pytest.raises(RuntimeError):
        env.tick()
    monkeypatch.setattr(store, 'save_with', real_save_with)


def test_crash_before_the_commit_reads_the_bytes_again(env, monkeypatch):
    env.append(search('10:00:00'))
    env.tick()
    env.append(search('10:01:00'))
    store = env.rt.store
    tick_with_power_cut(env, monkeypatch, lambda name, data: name == 'collector_state.json')
    assert store.exists('metrics_part_2024-05-02_2.json')       # written, never committed
    assert env.totals()['total_search_ops'] == 1                 # readers ignore it
    assert env.tick()['bytes_read'] > 0                          # the old cursor still stands
    assert env.totals()['total_search_ops'] == 2
    env.tick()
    assert env.totals()['total_search_ops'] == 2
    assert collector.parts_on_disk(store) == {'2024-05-02': [1, 2]}


def test_an_uncommitted_part_of_a_day_the_next_tick_does_not_touch_is_deleted(env, monkeypatch):
    env.append(search('10:00:00'))
    tick_with_power_cut(env, monkeypatch, lambda name, data: name == 'collector_state.json')
    os.remove(env.path())           # the next tick finds nothing to read for that day
    env.tick()
    env.append(search('11:00:00'))
    env.tick()
    assert collector.parts_on_disk(env.rt.store) == {'2024-05-02': [2]}
    assert env.totals()['total_search_ops'] == 1


def many_ticks(env, n, start=0):
    for i in range(n):
        env.append(search('10:%02d:00' % (start + i)))
        env.tick()


def test_parts_are_compacted_into_the_day_file_without_changing_totals(env):
    many_ticks(env, collector.COMPACT_AT - 1)
    store = env.rt.store
    assert not store.exists('metrics_day_2024-05-02.json')
    assert env.totals()['total_search_ops'] == collector.COMPACT_AT - 1
    many_ticks(env, 1, start=30)
    assert collector.parts_on_disk(store) == {}
    day = store.load_json('metrics_day_2024-05-02.json')
    assert day['applied_tick'] == collector.COMPACT_AT
    assert env.totals()['total_search_ops'] == collector.COMPACT_AT
    many_ticks(env, 2, start=40)
    assert collector.parts_on_disk(store) == {'2024-05-02': [collector.COMPACT_AT + 1, collector.COMPACT_AT + 2]}
    assert env.totals()['total_search_ops'] == collector.COMPACT_AT + 2


def test_a_tick_does_not_load_the_day_file_it_adds_to(env, monkeypatch):
    """A tick costs what it read: the (possibly large) base of today is only read when parts
    are compacted, once every COMPACT_AT ticks."""
    many_ticks(env, collector.COMPACT_AT)
    store = env.rt.store
    assert store.exists('metrics_day_2024-05-02.json')
    loaded = []
    real = store.load_json
    monkeypatch.setattr(store, 'load_json', lambda name, default=None: loaded.append(name) or real(name, default))
    many_ticks(env, 1, start=30)
    assert loaded == ['collector_state.json']


def test_crash_while_compacting_before_the_day_file_loses_nothing(env, monkeypatch):
    many_ticks(env, collector.COMPACT_AT - 1)
    env.append(search('10:30:00'))
    tick_with_power_cut(env, monkeypatch, lambda name, data: name.startswith('metrics_day_'))
    assert env.totals()['total_search_ops'] == collector.COMPACT_AT     # committed, in parts
    assert env.tick()['bytes_read'] == 0
    assert collector.parts_on_disk(env.rt.store) == {}
    assert env.totals()['total_search_ops'] == collector.COMPACT_AT


def test_parts_left_after_compaction_are_not_counted_twice(env, monkeypatch):
    store = env.rt.store
    real_remove = store.remove

    def no_part_removal(name):
        if name.startswith('metrics_part_'):
            raise OSError('power cut')
        return real_remove(name)

    monkeypatch.setattr(store, 'remove', no_part_removal)
    many_ticks(env, collector.COMPACT_AT)
    assert len(collector.parts_on_disk(store)['2024-05-02']) == collector.COMPACT_AT   # left behind
    assert store.load_json('metrics_day_2024-05-02.json')['applied_tick'] == collector.COMPACT_AT
    assert env.totals()['total_search_ops'] == collector.COMPACT_AT
    monkeypatch.setattr(store, 'remove', real_remove)
    many_ticks(env, 1, start=30)       # still COMPACT_AT parts or more: compacted, stale ones go
    assert collector.parts_on_disk(store) == {}
    assert env.totals()['total_search_ops'] == collector.COMPACT_AT + 1


def test_a_tick_reports_the_counts_it_added(env):
    env.append(search('10:00:00') + search('10:01:00', found=False))
    summary = env.tick()
    assert snapshot.totals_of(summary['agents']) == env.totals()
    env.append(search('10:02:00'))
    added = env.tick()['agents']
    assert snapshot.totals_of(snapshot.merge_agents(summary['agents'], added)) == env.totals()


def test_lines_are_split_by_day(env):
    env.append(search('23:59:59').replace(b'2024-05-02', b'2024-05-01') + search('00:00:10'))
    env.tick()
    assert collector.parts_on_disk(env.rt.store) == {'2024-05-01': [1], '2024-05-02': [1]}
    snap = collector.collected_snapshot(env.rt.store, days=['2024-05-01'])
    assert snap['totals']['total_search_ops'] == 1


def on_day(day, ts, found=True):
    return search(ts, found).replace(b'2024-05-02', day.encode('ascii'))


def test_days_older_than_keep_days_are_deleted_parts_and_base(env):
    env.append(on_day('2024-04-01', '10:00:00') + on_day('2024-04-30', '10:00:00'))
    env.tick()
    env.rt.store.save_json_compact(collector.day_name('2024-04-01'), dict(snapshot.empty(), applied_tick=0))
    env.append(search('10:00:00'))
    summary = collector.LogCollector(env.rt, keep_days=3).tick()   # keeps 04-30, 05-01, 05-02
    assert summary['pruned'] == ['2024-04-01']
    assert sorted(collector.parts_on_disk(env.rt.store)) == ['2024-04-30', '2024-05-02']
    assert collector.saved_days(env.rt.store) == set()
    assert env.totals()['total_search_ops'] == 2


def test_keep_days_zero_keeps_every_day(env):
    env.append(on_day('2020-01-01', '10:00:00') + search('10:00:00'))
    assert collector.LogCollector(env.rt, keep_days=0).tick()['pruned'] == []
    assert env.totals()['total_search_ops'] == 2


def test_a_base_whose_parts_could_not_all_be_deleted_is_kept(env, monkeypatch):
    """Parts go first: were the base deleted while a merged part stayed, that part would count again."""
    for minute in range(collector.COMPACT_AT + 1):
        env.append(on_day('2024-04-01', '10:%02d:00' % minute))
        env.tick()
    assert collector.parts_on_disk(env.rt.store) == {'2024-04-01': [collector.COMPACT_AT + 1]}
    assert collector.saved_days(env.rt.store) == {'2024-04-01'}
    real = env.rt.store.remove

    def refuse_parts(name):
        if name.startswith(names.PART_PREFIX):
            raise OSError(13, 'denied')
        return real(name)
    monkeypatch.setattr(env.rt.store, 'remove', refuse_parts)
    collector.LogCollector(env.rt, keep_days=1).tick()
    assert collector.saved_days(env.rt.store) == {'2024-04-01'}
    assert env.totals()['total_search_ops'] == collector.COMPACT_AT + 1
    monkeypatch.setattr(env.rt.store, 'remove', real)
    collector.LogCollector(env.rt, keep_days=1).tick()
    assert collector.parts_on_disk(env.rt.store) == {} and collector.saved_days(env.rt.store) == set()
    assert env.totals()['total_search_ops'] == 0


def test_missing_logs_folder_is_reported_not_raised(tmpdir):
    rt = local_runtime(str(tmpdir), data_dir=str(tmpdir.mkdir('d')), logs_dir=str(tmpdir.join('none')))
    assert 'error' in collector.LogCollector(rt).tick()


def fixture_snapshot(budget=None):
    acc = accumulator.MetricsAccumulator(item_budget=budget)
    for f in discover(FIXTURES, {}):
        reader = LineReader(f.path, 0, True, acc.skipped)
        acc.begin_file(f.agent)
        for batch in reader.batches():
            acc.feed_lines(batch)
        acc.end_file(f.path, reader.bytes_read, reader.lines)
    acc.finish()
    return acc.snapshot()


def test_chunked_json_is_the_same_document():
    doc = {
        'big': dict(('k%03d' % i, {'n': i, u'caf\xe9': [i, u'\u2713']}) for i in range(23)),
        'list': [{'i': i} for i in range(17)] + [None, True, 1.5],
        'small': {'a': [], 'b': {}},
        u'\xfc': u'text \u2713',
    }
    out = io.BytesIO()
    write_json_chunked(out, doc, chunk=4)
    raw = out.getvalue()
    assert raw.decode('ascii')  # ensure_ascii everywhere
    assert json.loads(raw.decode('ascii')) == json.loads(json.dumps(doc))
    empty = io.BytesIO()
    write_json_chunked(empty, {}, chunk=4)
    assert empty.getvalue() == b'{}'


def test_save_json_compact_and_load_json_round_trip(tmpdir):
    store = FileStore(str(tmpdir))
    doc = {'items': dict(('i%d' % i, {'name': u'Am\xe9lie %d' % i}) for i in range(600))}
    store.save_json_compact('d.json', doc)
    assert store.load_json('d.json') == doc
    store.save('bad.json', b'{"x": "\xff"}')   # invalid UTF-8 still parses, replaced
    assert store.load_json('bad.json') == {'x': u'\ufffd'}


def test_a_shared_item_budget_caps_items_across_accumulators():
    alone = fixture_snapshot()
    kept = len(alone['items'])
    assert kept >= 4 and alone['items_dropped'] == 0
    budget = operations.ItemBudget(kept - 1)
    first = fixture_snapshot(budget)
    second = fixture_snapshot(budget)
    assert len(first['items']) == kept - 1 and first['items_dropped'] >= 1
    assert len(second['items']) == 0 and second['items_dropped'] >= kept
    # Counts never depend on the budget, only the per-item detail does.
    assert first['totals'] == alone['totals'] == second['totals']
