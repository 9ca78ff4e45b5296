# -*- coding: utf-8 -*-
"""read/snapshot.py: merging, the empty snapshot, and the readers' accessors."""
from __future__ import absolute_import, division, print_function

import json
import os
import sys

from pleximprovement.read import accumulator, snapshot
from pleximprovement.read.reader import LineReader, discover

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'logs', 'server')


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


def test_first_delta_stored_as_is_equals_the_merge_into_empty():
    snap = fixture_snapshot()
    assert len(snap['tracebacks']) > 1
    merged = snapshot.merge_snapshots(snapshot.empty(), json.loads(json.dumps(snap)))
    assert merged == json.loads(json.dumps(snap))


def test_no_searches_no_rate():
    """Without searches there is no success rate (None, shown as "no searches"), never 0.0."""
    totals = snapshot.empty()['totals']
    assert (totals['success_rate'], totals['success_rate_known']) == (None, None)


def test_accessors_fill_in_what_a_snapshot_lacks():
    assert snapshot.window(None) == {'start': None, 'end': None}
    assert snapshot.totals({})['success_rate'] is None and snapshot.totals({})['url_errors'] == 0
    assert snapshot.agents({'agents': {'a': {'titles_found': 2}}})['a']['statuses'] == {}
    assert snapshot.agents({'agents': {'a': {}}})['a']['success_rate'] is None
    assert snapshot.agents({'agents': {'a': {}}})['a']['outside_calls_statuses'] == {}
    assert snapshot.errors({}) == {}
    assert snapshot.error_class({}, 'http') == {'count': 0, 'statuses': {}, 'examples': [], 'agents': {}, 'urls': {}}
    tb = snapshot.tracebacks({'tracebacks': [{'exception': 'KeyError', 'items': None}]})[0]
    assert tb['items'] == [] and tb['examples'] == [] and tb['count'] == 0 and tb['code'] is None
    item = snapshot.items({'items': {'a|1': {'agent': 'a', 'name': 'T'}}})['a|1']
    assert item['queries'] == [] and item['url_errors'] == {} and item['failed'] == 0 and item['name'] == 'T'
    group = snapshot.unclassified({'unclassified': [{'template': 't'}]})[0]
    assert group['agents'] == {} and group['examples'] == [] and group['level'] is None


def test_accessors_give_a_full_snapshot_unchanged():
    snap = fixture_snapshot()
    assert snapshot.window(snap) == snap['window']
    assert snapshot.totals(snap) == snap['totals']
    assert snapshot.agents(snap) == snap['agents']
    assert snapshot.errors(snap) == snap['errors']
    assert snapshot.error_class(snap, 'http') == snap['errors']['http']
    assert snapshot.tracebacks(snap) == snap['tracebacks']
    assert snapshot.items(snap) == snap['items']
    assert snapshot.unclassified(snap) == snap['unclassified']


def test_accessors_hand_out_complete_records_themselves():
    """No copy of a record that lacks nothing (a diagnosis reads thousands of items)."""
    snap = fixture_snapshot()
    key = sorted(snap['items'])[0]
    assert snapshot.items(snap)[key] is snap['items'][key]
    assert snapshot.tracebacks(snap)[0] is snap['tracebacks'][0]
    partial = {'agent': 'a', 'name': 'T'}
    assert snapshot.items({'items': {'a|1': partial}})['a|1'] is not partial
    assert partial == {'agent': 'a', 'name': 'T'}


def test_final_snapshot_is_made_of_the_accumulator_records_and_equals_a_copy():
    def fed():
        acc = accumulator.MetricsAccumulator()
        for f in discover(FIXTURES, {}):
            reader = LineReader(f.path, 0, True, acc.skipped)
            acc.begin_file(f.agent)
            for batch in reader.batches():
                acc.feed_lines(batch)
            acc.end_file(f.path, reader.bytes_read, reader.lines)
        acc.finish()
        return acc
    copied = fed().snapshot()
    acc = fed()
    final = acc.snapshot(final=True)
    assert json.dumps(final, sort_keys=True) == json.dumps(copied, sort_keys=True)
    key = sorted(final['items'])[0]
    assert final['items'][key] is acc.operations.items[key]
    assert copied['items'][key] is not fed().operations.items.get(key)


def test_shape_new_fills_field_by_field():
    item = snapshot.ITEM.new(agent='a', name='T')
    names = [name for name, _how, _cap in snapshot.ITEM.fields]
    assert sorted(names) == sorted(snapshot.ITEM.new())
    # As small as a dict filled key by key (Python 2.7's dict(record) would size it for twice the keys).
    assert sys.getsizeof(item) == sys.getsizeof(dict((name, None) for name in names))
    assert sys.getsizeof(snapshot.ITEM.copy(item)) == sys.getsizeof(item)
    assert item['agent'] == 'a' and item['name'] == 'T' and item['requests'] == [] and item['searches'] == 0
    assert snapshot.ITEM.new()['requests'] is not snapshot.ITEM.new()['requests']


def test_merge_sums_counts_and_keeps_lists_bounded():
    snap = fixture_snapshot()
    merged = snapshot.merge_snapshots(snap, snap)
    assert merged['totals']['url_errors'] == 2 * snap['totals']['url_errors']
    assert merged['errors']['http']['count'] == 2 * snap['errors']['http']['count']
    assert len(merged['errors']['http']['examples']) <= snapshot.MAX_EXAMPLES
    assert [tb['count'] for tb in merged['tracebacks']] == [2 * tb['count'] for tb in snap['tracebacks']]
    assert [tb['examples'] for tb in merged['tracebacks']] == [tb['examples'] for tb in snap['tracebacks']]
    assert merged['items'] == dict((k, dict(v, searches=2 * v['searches'], found=2 * v['found'], failed=2 * v['failed'],
                                            unknown=2 * v['unknown'], errors=2 * v['errors'],
                                            updates_ok=2 * v['updates_ok'],
                                            updates_failed=2 * v['updates_failed'],
                                            url_errors=dict((c, 2 * n) for c, n in v['url_errors'].items()),
                                            statuses=dict((c, 2 * n) for c, n in v['statuses'].items())))
                                   for k, v in snap['items'].items())
    assert [f['bytes_read'] for f in merged['files']] == [2 * f['bytes_read'] for f in snap['files']]
    assert merged['window'] == snap['window']


def test_merge_bounds_items_and_templates():
    def with_entries(n_items, templates):
        snap = snapshot.empty()
        for i in range(n_items):
            snap['items']['a|%d' % i] = snapshot.ITEM.new(agent='a', name='T%d' % i)
        snap['unclassified'] = [dict(snapshot.TEMPLATE_GROUP.new(template=t, level='ERROR'), count=1)
                                for t in templates]
        return snap
    base = with_entries(snapshot.MAX_ITEMS, ['t%d' % i for i in range(snapshot.MAX_TEMPLATES)])
    merged = snapshot.merge_snapshots(base, with_entries(3, ['new one', 't0']))
    assert len(merged['items']) == snapshot.MAX_ITEMS and merged['items_dropped'] == 0   # a|0..2 were there
    merged = snapshot.merge_snapshots(base, dict(with_entries(0, []), items={'b|1': snapshot.ITEM.new(agent='b')}))
    assert 'b|1' not in merged['items'] and merged['items_dropped'] == 1
    merged = snapshot.merge_snapshots(base, with_entries(0, ['new one', 'another', 't0']))
    groups = dict((g['template'], g['count']) for g in merged['unclassified'])
    assert groups[snapshot.OTHER_TEMPLATES] == 2 and groups['t0'] == 2 and 'new one' not in groups


def test_shape_new_copy_and_add():
    record = snapshot.ERROR_CLASS.new()
    assert record == {'count': 0, 'statuses': {}, 'examples': [], 'agents': {}, 'urls': {}}
    other = {'count': 2, 'statuses': {'404': 2}, 'examples': ['a', 'b', 'c', 'd'], 'agents': {'x': 2},
             'urls': dict(('u%d' % i, 1) for i in range(snapshot.MAX_URL_PATTERNS + 5))}
    snapshot.ERROR_CLASS.add(record, other)
    assert record['count'] == 2 and record['examples'] == ['a', 'b', 'c']
    assert len(record['urls']) == snapshot.MAX_URL_PATTERNS
    copy = snapshot.ERROR_CLASS.copy(record)
    copy['statuses']['500'] = 1
    assert record['statuses'] == {'404': 2}
    seen = snapshot.TEMPLATE_GROUP.new(template='t', first_seen='2024-05-02 10:00:00', last_seen='2024-05-02 11:00:00')
    snapshot.TEMPLATE_GROUP.add(seen, {'first_seen': '2024-05-01 09:00:00', 'last_seen': None, 'template': 'other'})
    assert (seen['first_seen'], seen['last_seen']) == ('2024-05-01 09:00:00', '2024-05-02 11:00:00')
    assert seen['template'] == 't'
    item = snapshot.ITEM.new(agent='a', name=None)
    snapshot.ITEM.add(item, {'name': 'T', 'queries': ['q', 'q', 'r']})
    assert item['name'] == 'T' and item['queries'] == ['q', 'r']


def test_derive_and_totals_of():
    agents = {'a': dict(snapshot.AGENT.new(), search_ops_plugin=4, titles_found=1, title_failures=1, plugin_lines=9),
              'b': dict(snapshot.AGENT.new(), search_ops_server=2)}
    totals = snapshot.totals_of(agents)
    assert (totals['total_search_ops'], totals['outcome_unknown'], totals['success_rate']) == (6, 4, 1 / 6.0)
    assert (totals['outcome_known'], totals['success_rate_known']) == (2, 0.5)
    assert snapshot.merge_agents(agents, agents)['a']['search_ops_plugin'] == 8


def test_search_total_takes_one_source():
    """The plug-in log, else the agent's own files, else the server side (the larger of the
    main log's and the System plug-in's counts, only without lines of the agent's own); never
    fewer than the searches whose outcome was counted."""
    new = snapshot.AGENT.new
    assert snapshot.search_total(dict(new(), search_ops_plugin=3, search_ops_private=5, search_ops_server=9,
                                      plugin_lines=4)) == 3
    assert snapshot.search_total(dict(new(), search_ops_private=5, search_ops_server=9, plugin_lines=4)) == 5
    assert snapshot.search_total(dict(new(), search_ops_server=2, search_ops_system=3)) == 3
    assert snapshot.search_total(dict(new(), search_ops_server=2, plugin_lines=1)) == 0
    assert snapshot.search_total(dict(new(), search_ops_plugin=1, titles_found=2, search_exceptions=1)) == 3


def test_searches_that_raised_are_known_outcomes_not_title_failures():
    snap = snapshot.derive({'agents': {'a': dict(snapshot.AGENT.new(), search_ops_plugin=10, titles_found=2,
                                                 title_failures=3, search_exceptions=4, plugin_lines=50)}})
    a = snap['agents']['a']
    assert (a['outcome_known'], a['outcome_unknown']) == (9, 1)
    assert (a['success_rate'], a['success_rate_known']) == (0.2, 2 / 9.0)


def test_the_snapshot_says_when_item_detail_is_bounded():
    assert snapshot.empty()['items_limit'] == snapshot.MAX_ITEMS and snapshot.empty()['items_dropped'] == 0
