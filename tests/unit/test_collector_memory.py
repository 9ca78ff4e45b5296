# -*- coding: utf-8 -*-
"""What keeps a collector tick's memory bounded: streamed JSON, a shared item budget, and a
first delta stored as is (equal to what merging it into an empty snapshot would give)."""
from __future__ import absolute_import, division, print_function

import io
import json
import os

from pleximprovement import runtime
from pleximprovement.read import reader as logs
from pleximprovement.read import accumulator as metrics

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fixtures', 'logs', 'server')


def fixture_snapshot(budget=None):
    acc = metrics.MetricsAccumulator(item_budget=budget)
    for f in logs.discover(FIXTURES, {}):
        reader = logs.LineReader(f.path, 0, True, acc.skipped)
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
    runtime.write_json_chunked(out, doc, chunk=4)
    raw = out.getvalue()
    assert raw.decode('ascii')  # ensure_ascii everywhere
    assert json.loads(raw.decode('ascii')) == json.loads(json.dumps(doc))
    empty = io.BytesIO()
    runtime.write_json_chunked(empty, {}, chunk=4)
    assert empty.getvalue() == b'{}'


def test_save_json_compact_and_load_json_round_trip(tmpdir):
    store = runtime.FileStore(str(tmpdir))
    doc = {'items': dict(('i%d' % i, {'name': u'Am\xe9lie %d' % i}) for i in range(600))}
    store.save_json_compact('d.json', doc)
    assert store.load_json('d.json') == doc
    store.save('bad.json', b'{"x": "\xff"}')   # invalid UTF-8 still parses, replaced
    assert store.load_json('bad.json') == {'x': u'\ufffd'}


def test_first_delta_stored_as_is_equals_the_merge_into_empty():
    snap = fixture_snapshot()
    assert len(snap['tracebacks']) > 1
    merged = metrics.merge(metrics.empty_snapshot(), json.loads(json.dumps(snap)))
    assert merged == json.loads(json.dumps(snap))


def test_a_shared_item_budget_caps_items_across_accumulators():
    alone = fixture_snapshot()
    kept = len(alone['items'])
    assert kept >= 4 and alone['items_dropped'] == 0
    budget = metrics.ItemBudget(kept - 1)
    first = fixture_snapshot(budget)
    second = fixture_snapshot(budget)
    assert len(first['items']) == kept - 1 and first['items_dropped'] >= 1
    assert len(second['items']) == 0 and second['items_dropped'] >= kept
    # Counts never depend on the budget, only the per-item detail does.
    assert first['totals'] == alone['totals'] == second['totals']
