# -*- coding: utf-8 -*-
"""Background collector: read only the new bytes of every log, keep per-day metrics.

Why: the framework keeps ~6 MiB per plug-in, so a 24-hour window is usually gone by the time
anyone aggregates it. `Collector(runtime).tick()` runs from a framework timer every few
minutes, reads each file from its saved cursor (logs.py: device/inode + first-bytes
fingerprint + offset) and adds what it found to `metrics_day_YYYY-MM-DD.json`.

Rotation: `<id>.log` renamed to `<id>.log.1` keeps inode and first bytes, so its cursor is
found again and only its unread tail is read. A cursor whose file is gone (rotated past
`.log.5`, deleted) is reported as loss: the bytes between its offset and the size it last
had (a lower bound: the file may have grown before it went). When every file of an agent is
new while old cursors vanished, whole files may have rotated through unseen: `gap` is set.
A file smaller than its cursor was truncated and is read from 0; a new first line at the same
path is a replacement and is read from 0.

Crash safety (write-ahead): a tick writes, in order,
  1. one `collector_pending_YYYY-MM-DD.json` per day = {tick, that day's delta};
  2. `collector_state.json` with the OLD cursors plus `pending` = {tick, new cursors, days};
  3. each `metrics_day_*.json`, merged with its delta and stamped `applied_tick`;
  4. `collector_state.json` with the new cursors and no `pending`, then the pending files go.
A crash before 2 loses nothing (the bytes are read again; pending files of another tick are
never replayed). After 2, the next tick first replays `pending`: a day file already stamped
with that tick is skipped, the others get the saved delta; then the new cursors are
committed. So no byte is counted twice or dropped. One file per day, written and merged one
day at a time in compact JSON, keeps a first tick over a large backlog in bounded memory.
Only whole lines are read (a line still being written waits for the next tick). An agent
call still running at the end of a tick is counted with what the tick saw.
"""
from __future__ import absolute_import, division, print_function

import time

from . import aggregate, logs, metrics

STATE = 'collector_state.json'
DAY = 'metrics_day_%s.json'
PENDING = 'collector_pending_%s.json'
STATE_VERSION = 1


def day_name(day):
    return DAY % day


def _day_of(line, current):
    """The YYYY-MM-DD a line belongs to (continuation lines stay with their record)."""
    head = line[:10]
    if len(head) == 10 and head[4:5] == b'-' and head[7:8] == b'-' and head[:4].isdigit():
        return head.decode('ascii')
    if line[:1].isalpha() or b'(' in line[:80]:
        rec = logs.parse(line)
        if rec is not None and rec[0] is not None:
            return rec[0][:10].decode('ascii')
    return current


class Collector(object):
    """Incremental reader of a server's logs into per-day metrics (see module docstring)."""

    def __init__(self, runtime, logs_dir=None):
        self.runtime = runtime
        self.store = runtime.store
        self.logs_dir = logs_dir
        self.item_budget = metrics.ItemBudget()

    def _today(self):
        return time.strftime('%Y-%m-%d', time.localtime(self.runtime.clock.now()))

    def _load_state(self):
        state = self.store.load_json(STATE, None)
        if not isinstance(state, dict) or state.get('version') != STATE_VERSION:
            state = {'version': STATE_VERSION, 'tick': 0, 'cursors': {}, 'pending': None}
        return state

    def recover(self, state):
        """Finish a tick that crashed after writing its pending record (idempotent)."""
        pending = state.get('pending')
        if not pending:
            return state
        if 'deltas' in pending:     # written by an older version: the deltas are inline
            self._apply(pending['tick'], sorted(pending['deltas']), pending['deltas'])
        else:
            self._apply(pending['tick'], pending['days'])
        state = {'version': STATE_VERSION, 'tick': pending['tick'], 'cursors': pending['cursors'], 'pending': None}
        self._save_json(STATE, state)
        self._drop_pending(pending.get('days') or [])
        return state

    def _drop_pending(self, days):
        for day in days:
            try:
                self.store.remove(PENDING % day)
            except (IOError, OSError):
                pass    # harmless: a pending file is only replayed when the state names its tick

    def _save_json(self, name, obj):
        """Compact JSON written in slices (runtime.write_json_chunked): the indented form, or
        even one compact json.dumps of a whole day, dominated the first tick's peak RSS.
        No sort_keys: on Python 2.7 it silently falls back to the pure-Python encoder."""
        self.store.save_json_compact(name, obj)

    def _apply(self, tick, days, deltas=None):
        for day in sorted(days):
            name = day_name(day)
            current = self.store.load_json(name, None)
            if current is not None and current.get('applied_tick', 0) >= tick:
                continue
            if deltas is not None:
                delta = deltas.pop(day)
            else:
                saved = self.store.load_json(PENDING % day, None)
                if not isinstance(saved, dict) or saved.get('tick') != tick:
                    self.runtime.log.warning('collector: pending delta of %s for tick %s is missing', day, tick)
                    continue
                delta = saved['delta']
                saved = None
            # A day's first delta is already a snapshot: merging it into an empty one would only
            # copy it (merge(empty, s) == s, pinned by a test) and double the peak memory.
            merged = delta if current is None else metrics.merge(current, delta)
            delta = None
            current = None
            merged['applied_tick'] = tick
            merged['day'] = day
            self._save_json(name, merged)
            merged = None

    def tick(self):
        """Read new bytes of every file; returns a summary {tick, files, bytes_read, days, lost}."""
        state = self.recover(self._load_state())
        root = self.logs_dir or aggregate.logs_dir_of(self.runtime)
        skipped = {}
        try:
            files = logs.discover(root, skipped)
        except logs.LogsNotFound as error:
            self.runtime.log.warning('collector: %s', error)
            return {'tick': state['tick'], 'files': 0, 'bytes_read': 0, 'days': [], 'lost': None,
                    'error': str(error)}
        today = self._today()
        old = state['cursors']
        claimed = set()
        new_cursors = {}
        accs = {}
        self.item_budget = metrics.ItemBudget()   # shared by this tick's per-day accumulators
        bytes_read = 0
        plans = []
        by_path = {}
        for key in old:
            by_path.setdefault(old[key].get('path'), []).append(key)
        for f in files:
            ident = logs.identity(f.path)
            if ident is None:
                skipped['unreadable_file'] = skipped.get('unreadable_file', 0) + 1
                continue
            offset = 0
            match = None
            # The cursor taken at the same path first (no rotation: one check per file, not one
            # per saved cursor), then every other one (a rotated file moved to a new name).
            for keys in (by_path.get(f.path, []), old):
                for key in keys:
                    if key not in claimed and logs.same_file(old[key], f.path, ident):
                        match = key
                        break
                if match is not None:
                    break
            if match is not None:
                claimed.add(match)
                offset = old[match]['offset']
                if ident['size'] < offset:
                    skipped['truncated'] = skipped.get('truncated', 0) + 1
                    offset = 0
            plans.append((f, ident, offset, match))
        lost = self._losses(old, claimed, plans)
        for f, ident, offset, match in plans:
            reader = logs.LineReader(f.path, offset, False, skipped)
            used = {}
            day = today
            for batch in reader.batches():
                run = []
                for line in batch:
                    d = _day_of(line, day)
                    if d != day and run:
                        self._feed(accs, used, day, f.agent, run)
                        run = []
                    day = d
                    run.append(line)
                if run:
                    self._feed(accs, used, day, f.agent, run)
            last_ts = old[match].get('last_ts') if match is not None else None
            for d, acc in used.items():
                if acc.stream_ts is not None and (last_ts is None or logs.ts_text(acc.stream_ts) > last_ts):
                    last_ts = logs.ts_text(acc.stream_ts)
                acc.end_file()
            if reader.bytes_read or today not in used:
                acc = self._acc(accs, today)
                acc.files.append({'path': f.path, 'bytes_read': reader.bytes_read, 'lines': reader.lines})
            bytes_read += reader.bytes_read
            cursor = dict(ident)
            cursor.update({'offset': reader.offset, 'agent': f.agent, 'path': f.path, 'last_ts': last_ts})
            new_cursors[f.path + '#' + str(ident['ino']) + '#' + str(ident['fp'])] = cursor
        next_tick = state['tick'] + 1
        days = set(accs)
        noted = bool(skipped or lost['bytes_estimated'] or lost['files'])
        kept = {}
        if noted:
            days.add(today)
        for d in sorted(days):
            acc = accs.pop(d, None)     # the snapshot copies what it needs: free the accumulator
            if acc is None:
                acc = metrics.MetricsAccumulator()
            acc.finish()
            snap = acc.snapshot()
            acc = None
            if d == today and noted:
                for k, n in skipped.items():
                    snap['skipped'][k] = snap['skipped'].get(k, 0) + n
                snap['lost'] = lost
            self._save_json(PENDING % d, {'tick': next_tick, 'day': d, 'delta': snap})
            kept[d] = snap
            snap = None
        days = sorted(days)
        state['pending'] = {'tick': next_tick, 'cursors': new_cursors, 'days': days}
        self._save_json(STATE, state)
        self._apply(next_tick, days, kept)
        self._save_json(STATE, {'version': STATE_VERSION, 'tick': next_tick, 'cursors': new_cursors,
                                'pending': None})
        self._drop_pending(days)
        return {'tick': next_tick, 'files': len(plans), 'bytes_read': bytes_read, 'days': days, 'lost': lost}

    def _acc(self, accs, day):
        acc = accs.get(day)
        if acc is None:
            acc = accs[day] = metrics.MetricsAccumulator(item_budget=self.item_budget)
        return acc

    def _feed(self, accs, used, day, agent, lines):
        acc = used.get(day)
        if acc is None:
            acc = used[day] = self._acc(accs, day)
            acc.begin_file(agent)
        acc.feed_lines(lines)

    def _losses(self, old, claimed, plans):
        lost = {'bytes_estimated': 0, 'files': []}
        new_agents = {}
        for f, ident, offset, match in plans:
            new_agents.setdefault(f.agent, []).append(match)
        for key, cursor in old.items():
            if key in claimed:
                continue
            tail = max(0, int(cursor.get('size', 0)) - int(cursor.get('offset', 0)))
            matches = new_agents.get(cursor.get('agent'), [])
            gap = bool(matches) and all(m is None for m in matches)
            gap_bytes = gap_seconds = 0
            if gap:
                gap_seconds, gap_bytes = _gap_estimate(cursor, [p for p in plans if p[0].agent == cursor.get('agent')])
            if tail or gap:
                lost['bytes_estimated'] += tail + gap_bytes
                lost['files'].append({'path': cursor.get('path'), 'bytes': tail + gap_bytes, 'gap': gap,
                                      'gap_seconds': gap_seconds, 'agent': cursor.get('agent')})
        return lost


def _first_ts(path):
    reader = logs.LineReader(path, 0, False, {}, chunk_size=8192, max_line=8192)
    for batch in reader.batches():
        for line in batch:
            rec = logs.parse(line)
            if rec is not None and rec[0] is not None:
                return rec[0]
        break
    return None


def _gap_estimate(cursor, plans):
    """(seconds, bytes) unseen between the vanished file's last line and the oldest file now.

    Bytes are the agent's current log rate (bytes of its files over their time span) times
    the gap; an estimate, reported as such.
    """
    if not plans or not cursor.get('last_ts'):
        return 0, 0
    oldest = plans[0][0]
    first = _first_ts(oldest.path)
    newest = logs.newest_timestamp(plans[-1][0].path)
    last = cursor['last_ts'].encode('ascii')
    if first is None or newest is None:
        return 0, 0
    gap = (logs.ts_seconds(first) or 0) - (logs.ts_seconds(last) or 0)
    span = (logs.ts_seconds(newest) or 0) - (logs.ts_seconds(first) or 0)
    if gap <= 0:
        return 0, 0
    size = sum(p[1]['size'] for p in plans)
    rate = size / float(span) if span > 0 else 0.0
    return gap, int(rate * gap)


def collected_snapshot(store, days=None):
    """Merge the saved per-day metrics (all days, or the given YYYY-MM-DD list)."""
    snap = metrics.empty_snapshot()
    for name in store.list('metrics_day_'):
        day = name[len('metrics_day_'):-len('.json')]
        if days is not None and day not in days:
            continue
        data = store.load_json(name, None)
        if isinstance(data, dict) and 'agents' in data:
            snap = metrics.merge(snap, data)
    return snap
