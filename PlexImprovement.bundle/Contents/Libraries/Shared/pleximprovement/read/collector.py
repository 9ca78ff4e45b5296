# -*- coding: utf-8 -*-
"""Background collector: read only the new bytes of every log, keep per-day metrics.

Why: the framework keeps ~6 MiB per plug-in, so a 24-hour window is usually gone by the time
anyone aggregates it. `LogCollector(runtime).tick()` runs from a framework timer every few
minutes (schedule/collector_task.py), reads each file from its saved cursor (reader.py:
device/inode + first-bytes fingerprint + offset) and saves what it found per day (see
Storage); `collected_snapshot` merges the saved days back into one snapshot.

Rotation: `<id>.log` renamed to `<id>.log.1` keeps inode and first bytes, so its cursor is
found again and only its unread tail is read. A cursor whose file is gone (rotated past
`.log.5`, deleted) is reported as loss: the bytes between its offset and the size it last
had (a lower bound: the file may have grown before it went). When every file of an agent is
new while old cursors vanished, whole files may have rotated through unseen: `gap` is set.
A file smaller than its cursor was truncated and is read from 0; a new first line at the same
path is a replacement and is read from 0.

Storage: a tick's delta for a day goes to its own part file, `metrics_part_YYYY-MM-DD_N.json`
(N = the tick), so a tick costs what it read, not what the day already holds. When a day has
COMPACT_AT parts they are merged into its base file `metrics_day_YYYY-MM-DD.json`, stamped
`applied_tick`; a day's data is its base plus its parts with applied_tick < N <= the committed
tick (`collected_snapshot`).

Crash safety: a tick writes, in order,
  1. one part file per day with new data, named with the next tick N;
  2. `collector_state.json` with the new cursors and tick N: the commit point;
  3. when a day reaches COMPACT_AT parts: its base (merged, stamped N), then the parts go.
A crash before 2 loses nothing: the old cursors still stand, so the bytes are read again, and
the uncommitted parts (N > the committed tick) are ignored by readers and deleted by the next
tick. A crash inside 3 leaves parts whose tick the base already holds (N <= applied_tick):
readers skip them and the next compaction of that day deletes them. So no byte is counted
twice or dropped.
Retention: with `keep_days` (the collector_keep_days pref), days older than that are deleted
after each tick, parts first (see `prune`); the running totals on Status keep what they held.
Parts and bases are written in compact JSON slices, one day at a time, so a first tick over
a large backlog stays in bounded memory.
Only whole lines are read (a line still being written waits for the next tick). An agent
call still running at the end of a tick is counted with what the tick saw.
"""
from __future__ import absolute_import, division, print_function

import datetime
import time

from . import aggregate
from .lines import parse, ts_seconds, ts_text
from .reader import LineReader, LogsNotFound, discover, identity, newest_timestamp, same_file
from .accumulator import MetricsAccumulator
from .operations import ItemBudget
from .snapshot import empty, merge_agents, merge_snapshots
from ..names import COLLECTOR_STATE, DAY_ITEM, DAY_PREFIX, PART_ITEM, PART_PREFIX

STATE_VERSION = 2
COMPACT_AT = 12     # parts per day before they are merged into its base (an hour at 5 minutes)


def day_name(day):
    return DAY_ITEM % day


def part_name(day, tick):
    return PART_ITEM % (day, tick)


def parts_on_disk(store):
    """{day: [tick, ...]} of the part files present (committed or not), ticks ascending."""
    found = {}
    for name in store.list(PART_PREFIX):
        stem = name[len(PART_PREFIX):-len('.json')] if name.endswith('.json') else ''
        day, _, tick = stem.rpartition('_')
        if len(day) == 10 and tick.isdigit():
            found.setdefault(day, []).append(int(tick))
    for ticks in found.values():
        ticks.sort()
    return found


def saved_days(store):
    """The YYYY-MM-DD of every day base file present."""
    return set(name[len(DAY_PREFIX):-len('.json')] for name in store.list(DAY_PREFIX)
               if name.endswith('.json'))


def part_deltas(store, day, ticks):
    """The saved deltas of a day's parts, loaded one at a time (bounded memory); a part that
    is missing or unreadable is skipped."""
    for tick in ticks:
        part = store.load_json(part_name(day, tick), None)
        if isinstance(part, dict) and isinstance(part.get('delta'), dict):
            yield part['delta']


def committed_tick(store):
    state = store.load_json(COLLECTOR_STATE, None)
    if isinstance(state, dict) and isinstance(state.get('tick'), int):
        return state['tick']
    return 0


def _day_of(line, current):
    """The YYYY-MM-DD a line belongs to (continuation lines stay with their record)."""
    head = line[:10]
    if len(head) == 10 and head[4:5] == b'-' and head[7:8] == b'-' and head[:4].isdigit():
        return head.decode('ascii')
    if line[:1].isalpha() or b'(' in line[:80]:
        rec = parse(line)
        if rec is not None and rec[0] is not None:
            return rec[0][:10].decode('ascii')
    return current


class LogCollector(object):
    """Incremental reader of a server's logs into per-day metrics (see module docstring)."""

    def __init__(self, runtime, logs_dir=None, keep_days=0):
        self.runtime = runtime
        self.store = runtime.store
        self.logs_dir = logs_dir
        self.keep_days = keep_days      # days of saved metrics kept, today included; 0: all
        self.item_budget = ItemBudget()

    def _today(self):
        return time.strftime('%Y-%m-%d', time.localtime(self.runtime.clock.now()))

    def _load_state(self):
        state = self.store.load_json(COLLECTOR_STATE, None)
        if not isinstance(state, dict) or state.get('version') != STATE_VERSION:
            state = {'version': STATE_VERSION, 'tick': 0, 'cursors': {}}
        return state

    def recover(self, state):
        """Finish what a crash left: parts never committed (tick above the committed one) are deleted."""
        for day, ticks in parts_on_disk(self.store).items():
            self._remove([part_name(day, t) for t in ticks if t > state['tick']])
        return state

    def _remove(self, names):
        """Delete files; False when one could not be (it is harmless where a reader ignores a
        part the state or the base does not admit, and checked where it is not)."""
        done = True
        for name in names:
            try:
                self.store.remove(name)
            except (IOError, OSError):
                done = False
        return done

    def prune(self, today):
        """Delete the saved metrics of days older than `keep_days` (today is the first); the
        days removed. A day's parts go before its base: were the base gone first, a crash
        would leave parts it had already merged, and they would count again."""
        if not self.keep_days:
            return []
        first_kept = (datetime.datetime.strptime(today, '%Y-%m-%d') -
                      datetime.timedelta(days=self.keep_days - 1)).strftime('%Y-%m-%d')
        parts = parts_on_disk(self.store)
        gone = sorted(day for day in saved_days(self.store) | set(parts) if day < first_kept)
        for day in gone:
            if self._remove([part_name(day, t) for t in parts.get(day, [])]):
                self._remove([day_name(day)])
        if gone:
            self.runtime.log.info('collector: removed the saved metrics of %d day(s) before %s (%s to %s)',
                                  len(gone), first_kept, gone[0], gone[-1])
        return gone

    def _save_json(self, name, obj):
        """Compact JSON written in slices (runtime/store.py write_json_chunked): the indented form, or
        even one compact json.dumps of a whole day, dominated the first tick's peak RSS.
        No sort_keys: on Python 2.7 it silently falls back to the pure-Python encoder."""
        self.store.save_json_compact(name, obj)

    def _save_base(self, day, tick, current, deltas):
        """Merge `deltas` into the day's base `current` (None: none yet) and save it stamped."""
        merged = current
        for delta in deltas:
            # A day's first delta is already a snapshot: merging it into an empty one would only
            # copy it (merge(empty, s) == s, pinned by a test) and double the peak memory.
            merged = delta if merged is None else merge_snapshots(merged, delta)
        if merged is None:
            return
        merged['applied_tick'] = tick
        merged['day'] = day
        self._save_json(day_name(day), merged)

    def compact(self, day, upto):
        """Merge the day's parts up to tick `upto` into its base, then delete them."""
        ticks = [t for t in parts_on_disk(self.store).get(day, []) if t <= upto]
        if not ticks:
            return
        current = self.store.load_json(day_name(day), None)
        if not isinstance(current, dict):
            current = None
        applied = current.get('applied_tick', 0) if current is not None else 0
        fresh = [t for t in ticks if t > applied]
        if fresh:
            self._save_base(day, max(fresh), current, part_deltas(self.store, day, fresh))
        self._remove([part_name(day, t) for t in ticks])

    def tick(self):
        """Read new bytes of every file; returns a summary {tick, files, bytes_read, days, lost,
        agents (the per-agent counts this tick added), pruned (days deleted)}."""
        state = self.recover(self._load_state())
        root = self.logs_dir or aggregate.logs_dir_of(self.runtime)
        skipped = {}
        try:
            files = discover(root, skipped)
        except LogsNotFound as error:
            self.runtime.log.warning('collector: %s', error)
            return {'tick': state['tick'], 'files': 0, 'bytes_read': 0, 'days': [], 'lost': None,
                    'error': str(error)}
        today = self._today()
        old = state['cursors']
        claimed = set()
        new_cursors = {}
        accs = {}
        self.item_budget = ItemBudget()   # shared by this tick's per-day accumulators
        bytes_read = 0
        plans = []
        by_path = {}
        for key in old:
            by_path.setdefault(old[key].get('path'), []).append(key)
        for f in files:
            ident = identity(f.path)
            if ident is None:
                skipped['unreadable_file'] = skipped.get('unreadable_file', 0) + 1
                continue
            offset = 0
            match = None
            # The cursor taken at the same path first (no rotation: one check per file, not one
            # per saved cursor), then every other one (a rotated file moved to a new name).
            for keys in (by_path.get(f.path, []), old):
                for key in keys:
                    if key not in claimed and same_file(old[key], f.path, ident):
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
            reader = LineReader(f.path, offset, False, skipped)
            used = {}
            day = today
            if ident['size'] > offset:  # a file with no new bytes is not even opened
                for batch in reader.batches():
                    day = self._feed_by_day(accs, used, day, f, batch)
            last_ts = old[match].get('last_ts') if match is not None else None
            for d, acc in used.items():
                stream_ts = acc.last_time()
                if stream_ts is not None and (last_ts is None or ts_text(stream_ts) > last_ts):
                    last_ts = ts_text(stream_ts)
                acc.end_file()
            if reader.bytes_read:
                # Listed with the day of the last line read (no part of its own for today);
                # a file with nothing new adds no entry.
                acc = used.get(day) or self._acc(accs, today)
                acc.add_file(f.path, reader.bytes_read, reader.lines)
            bytes_read += reader.bytes_read
            cursor = dict(ident)
            cursor.update({'offset': reader.offset, 'agent': f.agent, 'path': f.path, 'last_ts': last_ts})
            new_cursors[f.path + '#' + str(ident['ino']) + '#' + str(ident['fp'])] = cursor
        next_tick = state['tick'] + 1
        days = set(accs)
        noted = bool(skipped or lost['bytes_estimated'] or lost['files'])
        if noted:
            days.add(today)
        agents = {}
        for d in sorted(days):
            acc = accs.pop(d, None)     # the snapshot copies what it needs: free the accumulator
            if acc is None:
                acc = MetricsAccumulator()
            acc.finish()
            snap = acc.snapshot(final=True)
            acc = None
            if d == today and noted:
                for k, n in skipped.items():
                    snap['skipped'][k] = snap['skipped'].get(k, 0) + n
                snap['lost'] = lost
            agents = merge_agents(agents, snap['agents'])
            self._save_json(part_name(d, next_tick), {'tick': next_tick, 'day': d, 'delta': snap})
            snap = None
        days = sorted(days)
        self._save_json(COLLECTOR_STATE, {'version': STATE_VERSION, 'tick': next_tick, 'cursors': new_cursors})
        pruned = self.prune(today)
        for d, ticks in parts_on_disk(self.store).items():
            if len(ticks) >= COMPACT_AT:
                self.compact(d, next_tick)
        return {'tick': next_tick, 'files': len(plans), 'bytes_read': bytes_read, 'days': days, 'lost': lost,
                'agents': agents, 'pruned': pruned}

    def _acc(self, accs, day):
        acc = accs.get(day)
        if acc is None:
            acc = accs[day] = MetricsAccumulator(item_budget=self.item_budget)
        return acc

    def _feed_by_day(self, accs, used, day, log_file, batch):
        """Feed a batch to the accumulators of the days its lines belong to; the day at its end.
        Runs of one day are passed as slices; a line starting with the current date is known
        to be of that day without parsing."""
        stamp = day.encode('ascii')
        start = 0
        for index, line in enumerate(batch):
            if line[:10] == stamp:
                continue
            d = _day_of(line, day)
            if d != day:
                if index > start:
                    self._feed(accs, used, day, log_file, batch[start:index])
                start = index
                day = d
                stamp = day.encode('ascii')
        if start < len(batch):
            self._feed(accs, used, day, log_file, batch[start:] if start else batch)
        return day

    def _feed(self, accs, used, day, log_file, lines):
        acc = used.get(day)
        if acc is None:
            acc = used[day] = self._acc(accs, day)
            acc.begin_file(log_file.agent, log_file.kind == 'private')
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
    reader = LineReader(path, 0, False, {}, chunk_size=8192, max_line=8192)
    for batch in reader.batches():
        for line in batch:
            rec = parse(line)
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
    newest = newest_timestamp(plans[-1][0].path)
    last = cursor['last_ts'].encode('ascii')
    if first is None or newest is None:
        return 0, 0
    gap = (ts_seconds(first) or 0) - (ts_seconds(last) or 0)
    span = (ts_seconds(newest) or 0) - (ts_seconds(first) or 0)
    if gap <= 0:
        return 0, 0
    size = sum(p[1]['size'] for p in plans)
    rate = size / float(span) if span > 0 else 0.0
    return gap, int(rate * gap)


def collected_snapshot(store, days=None):
    """Merge the saved per-day metrics (all days, or the given YYYY-MM-DD list): each day's
    base, then its committed parts the base does not hold yet, in tick order."""
    snap = empty()
    upto = committed_tick(store)
    parts = parts_on_disk(store)
    bases = saved_days(store)
    for day in sorted(bases | set(parts)):
        if days is not None and day not in days:
            continue
        applied = 0
        if day in bases:
            data = store.load_json(day_name(day), None)
            if isinstance(data, dict) and 'agents' in data:
                applied = data.get('applied_tick', 0)
                snap = merge_snapshots(snap, data)
            data = None
        for delta in part_deltas(store, day, [t for t in parts.get(day, []) if applied < t <= upto]):
            snap = merge_snapshots(snap, delta)
    return snap
