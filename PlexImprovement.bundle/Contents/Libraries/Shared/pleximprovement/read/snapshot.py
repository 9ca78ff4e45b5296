# -*- coding: utf-8 -*-
"""The metrics snapshot's shape, defined once: its records, and how they are built, merged, derived and read.

In: what an accumulator gathered, or saved snapshots. Out: the JSON-able snapshot of
contracts.md ("Phase 1 output"). Each record kind is a Shape: its fields in order, each with
the way two records combine (counters add, maps of counters add per key, lists append up to
a bound, names fill in, first/last seen widen), so building, copying and merging follow
from one description.

What each count means, and what counts as one on each kind of source: docs/counts.md.
The per-item detail (`items`) is bounded by `items_limit`, `items_dropped` says what it left
out; no count depends on it.

Readers (diagnose/, reports) call these; each record comes back with every field of its
shape (0, {}, [] or None where the snapshot lacks it), so a caller indexes instead of
writing `.get(...) or {}`; a record that lacks nothing is the snapshot's own (read it, do
not change it):
    window(snap)             {'start', 'end'} (texts or None)
    totals(snap)             the totals block, every counter present (the two success rates:
                             a float, or None without searches)
    agents(snap)             {agent id: its counters, url_errors_by_class, statuses}
    errors(snap)             {class: error class record}
    error_class(snap, cls)   one error class record (empty when the class is absent)
    tracebacks(snap)         [traceback records], most frequent first
    items(snap)              {item key: item record}
    unclassified(snap)       [template group records], most frequent first
Writers: empty(), build(...), merge_snapshots(base, add), merge_agents(base, add),
derive(snap) (with search_total(entry) and rate(part, whole)), totals_of(agents); the shapes
AGENT, ERROR_CLASS, TRACEBACK, ITEM, TEMPLATE_GROUP, MODEL, FILE, LOST (new / copy / add /
filled), agent_entry(agents, agent), note_seen(record, when) and example(line).
"""
from __future__ import absolute_import, division, print_function

from ..redact import redact

SCHEMA = 1
MAX_EXAMPLES = 3
MAX_EXAMPLE_CHARS = 500
MAX_ITEMS = 5000
MAX_TEMPLATES = 200
MAX_URL_PATTERNS = 50
MAX_TB_ITEMS = 20
MAX_TB_EXAMPLES = 1
MAX_ITEM_LIST = 5
OTHER_TEMPLATES = u'<other templates>'

TOTAL_KEYS = ('total_search_ops', 'titles_found', 'title_failures', 'outcome_unknown', 'outcome_known',
              'url_errors', 'model_errors', 'updates_ok', 'updates_failed', 'tracebacks', 'restarts')
RAW_KEYS = ('search_ops_plugin', 'search_ops_private', 'search_ops_server', 'search_ops_system', 'titles_found',
            'title_failures', 'title_failures_with_errors', 'search_exceptions', 'url_errors',
            'url_errors_outside_calls', 'model_errors', 'updates_ok', 'updates_failed', 'updates_unfinished',
            'tracebacks', 'restarts', 'candidate_rejects', 'plugin_lines')
# The two success rates (docs/counts.md): None when there is nothing to divide by.
RATE_KEYS = ('success_rate', 'success_rate_known')
# What derive() adds to each agent, with the value an agent without searches gets.
AGENT_DERIVED = (('total_search_ops', 0), ('outcome_unknown', 0), ('outcome_known', 0), ('success_rate', None),
                 ('success_rate_known', None))

# How a field of two records combines.
SUM = 'sum'                 # a counter: added
COUNTS = 'counts'           # {key: n}: added per key; at most `cap` keys (None: any)
APPEND = 'append'           # a list: the other's values appended while shorter than `cap`
APPEND_NEW = 'append_new'   # a list: the other's values not in it yet, while shorter than `cap`
KEEP = 'keep'               # a value: the first record's stays
FILL = 'fill'               # a value: the first record's, unless empty
EARLIEST = 'earliest'       # a time text: the earlier of the two that are set
LATEST = 'latest'           # a time text: the later of the two that are set


class Shape(object):
    """One kind of record: its fields in order, as (name, how, cap)."""

    def __init__(self, *fields):
        self.fields = tuple(f if len(f) == 3 else (f[0], f[1], None) for f in fields)
        self.maps = tuple(name for name, how, _cap in self.fields if how == COUNTS)
        self.lists = tuple(name for name, how, _cap in self.fields if how in (APPEND, APPEND_NEW))
        # Every field in order, counters 0 and the rest None (maps and lists are made per record).
        self.template = tuple((name, 0 if how == SUM else None) for name, how, _cap in self.fields)

    # Records are filled key by key (dict(pairs), item assignment), never by dict(record),
    # .copy() or .update(dict): on Python 2.7 those size the table for twice the keys, which
    # made a 19-field item take 64 slots instead of 32 (the items dominate the memory).

    def new(self, **values):
        """A fresh record: counters 0, maps {}, lists [], other fields from `values` (else None)."""
        record = dict(self.template)
        for name in self.maps:
            record[name] = {}
        for name in self.lists:
            record[name] = []
        for name, value in values.items():
            record[name] = value
        return record

    def copy(self, record):
        """A copy that shares no map or list with `record`."""
        out = dict(record.items())
        for name in self.maps:
            out[name] = dict(record.get(name, {}))
        for name in self.lists:
            out[name] = list(record.get(name, ()))
        return out

    def add(self, target, other):
        """Combine `other` into `target` (a copy this module made), field by field."""
        for name, how, cap in self.fields:
            if how == SUM:
                target[name] = target.get(name, 0) + other.get(name, 0)
            elif how == COUNTS:
                into = target[name]
                for key, n in other.get(name, {}).items():
                    if cap is None or key in into or len(into) < cap:
                        into[key] = into.get(key, 0) + n
            elif how == APPEND or how == APPEND_NEW:
                into = target[name]
                for value in other.get(name, ()):
                    if (cap is None or len(into) < cap) and (how == APPEND or value not in into):
                        into.append(value)
            elif how == FILL:
                if not target.get(name):
                    target[name] = other.get(name)
            elif how == EARLIEST or how == LATEST:
                values = [v for v in (target.get(name), other.get(name)) if v]
                target[name] = (min(values) if how == EARLIEST else max(values)) if values else None

    def filled(self, record, extra=()):
        """`record` with every field of the shape (and of `extra`: (name, default)): the record
        itself when it lacks none (as a snapshot's own records do; read it, do not change it:
        copies of thousands of items doubled a diagnosis's memory), else a filled copy."""
        defaults = self.new()
        defaults.update(extra)
        if record and all(name in record and (default is None or record[name] is not None)
                          for name, default in defaults.items()):
            return record
        out = dict((record or {}).items())
        for name, default in defaults.items():
            if out.get(name) is None:
                out[name] = default
        return out


AGENT = Shape(*([(name, SUM) for name in RAW_KEYS] + [('url_errors_by_class', COUNTS), ('statuses', COUNTS),
                                                      ('outside_calls_by_class', COUNTS),
                                                      ('outside_calls_statuses', COUNTS)]))
ERROR_CLASS = Shape(('count', SUM), ('statuses', COUNTS), ('examples', APPEND, MAX_EXAMPLES), ('agents', COUNTS),
                    ('urls', COUNTS, MAX_URL_PATTERNS))
TRACEBACK = Shape(('exception', KEEP), ('message', KEEP), ('file', KEEP), ('line', KEEP), ('function', KEEP),
                  ('code', KEEP), ('agent', KEEP), ('phase', KEEP), ('count', SUM), ('first_seen', EARLIEST),
                  ('last_seen', LATEST), ('items', APPEND_NEW, MAX_TB_ITEMS), ('examples', APPEND, MAX_TB_EXAMPLES))
ITEM = Shape(('agent', KEEP), ('name', FILL), ('year', FILL), ('id', FILL), ('filename', FILL), ('searches', SUM),
             ('found', SUM), ('failed', SUM), ('unknown', SUM), ('errors', SUM), ('url_errors', COUNTS),
             ('statuses', COUNTS),
             ('tracebacks', APPEND_NEW, MAX_ITEM_LIST * 2), ('updates_ok', SUM), ('updates_failed', SUM),
             ('requests', APPEND_NEW, MAX_ITEM_LIST * 2), ('queries', APPEND_NEW, MAX_ITEM_LIST * 2),
             ('first_seen', EARLIEST), ('last_seen', LATEST))
TEMPLATE_GROUP = Shape(('template', KEEP), ('count', SUM), ('level', KEEP), ('agents', COUNTS),
                       ('examples', APPEND, MAX_EXAMPLES), ('first_seen', EARLIEST), ('last_seen', LATEST))
MODEL = Shape(('count', SUM), ('agents', COUNTS), ('examples', APPEND, MAX_EXAMPLES))
FILE = Shape(('path', KEEP), ('bytes_read', SUM), ('lines', SUM))
LOST = Shape(('bytes_estimated', SUM), ('files', APPEND))


def example(line):
    """A line as the snapshot keeps it for a reader: redacted, at most MAX_EXAMPLE_CHARS."""
    return redact(line)[:MAX_EXAMPLE_CHARS]


def agent_entry(agents, agent):
    """The agent's counters in `agents` ({agent: AGENT record}), created on first use."""
    entry = agents.get(agent)
    if entry is None:
        entry = agents[agent] = AGENT.new()
    return entry


def add_counts(into, counts):
    """Add a {key: n} map into another."""
    for key, n in counts.items():
        into[key] = into.get(key, 0) + n


def note_seen(record, when):
    """Widen a record's first_seen/last_seen to include `when` (a time text; None is ignored)."""
    if when is not None:
        if record['first_seen'] is None or when < record['first_seen']:
            record['first_seen'] = when
        if record['last_seen'] is None or when > record['last_seen']:
            record['last_seen'] = when


def traceback_order(tb):
    """How snapshots order their tracebacks: most frequent first, then by exception, agent
    and place, so the order is the same on Python 2.7 (unordered dicts) and 3."""
    return (-tb['count'], tb['exception'] or '', tb['agent'] or '', tb['file'] or '', str(tb['line'] or ''))


def traceback_key(tb):
    """The identity two snapshots' tracebacks are merged by."""
    return (tb['agent'], tb['exception'], tb['file'], tb['line'])


def unclassified_order(group):
    """Most frequent template first, then by template text (a stable order on 2.7 and 3)."""
    return (-group['count'], group['template'])


# ---------------------------------------------------------------- build, merge, derive

def build(window, agents, errors, tracebacks, items, items_dropped, groups, noise, model, files, skipped, lost,
          copy=True):
    """The snapshot of what an accumulator gathered: fresh copies, lists in their order, derived.

    window: (start, end) time texts; agents, errors, items: {key: record}; tracebacks and
    groups: iterables of records; noise, skipped: {name: n}; model, lost: records; files: a
    list of FILE records. `copy` False: the records themselves go into the snapshot (the
    caller gives them up), so the records are not held twice at the end of a read.
    """
    if copy:
        agents = dict((k, AGENT.copy(v)) for k, v in agents.items())
        errors = dict((k, ERROR_CLASS.copy(v)) for k, v in errors.items())
        tracebacks = (TRACEBACK.copy(v) for v in tracebacks)
        items = dict((k, ITEM.copy(v)) for k, v in items.items())
        groups = (TEMPLATE_GROUP.copy(v) for v in groups)
        model = MODEL.copy(model)
        files = [FILE.copy(f) for f in files]
        lost = LOST.copy(lost)
    return derive({
        'schema': SCHEMA,
        'window': {'start': window[0], 'end': window[1]},
        'agents': agents,
        'errors': errors,
        'tracebacks': sorted(tracebacks, key=traceback_order),
        'items': items,
        'items_dropped': items_dropped,
        'items_limit': MAX_ITEMS,
        'unclassified': sorted(groups, key=unclassified_order),
        'noise': dict(noise),
        'model': model,
        'files': files,
        'skipped': dict(skipped),
        'lost': lost,
    })


def empty():
    """The snapshot of no lines."""
    return build((None, None), {}, {}, (), {}, 0, (), {}, MODEL.new(), [], {}, LOST.new())


def _merge_keyed(shape, base, add, key_of):
    """{key: record} of two record lists merged by key, in first-seen order."""
    out = {}
    order = []
    for record in list(base) + list(add):
        key = key_of(record)
        if key in out:
            shape.add(out[key], record)
        else:
            out[key] = shape.copy(record)
            order.append(key)
    return [out[key] for key in order]


def merge_snapshots(base, add):
    """Sum two snapshots (e.g. per-day collector files); bounded lists stay bounded."""
    starts = [w for w in (base['window']['start'], add['window']['start']) if w]
    ends = [w for w in (base['window']['end'], add['window']['end']) if w]
    errors = dict((k, ERROR_CLASS.copy(v)) for k, v in base['errors'].items())
    for cls, err in add['errors'].items():
        if cls not in errors:
            errors[cls] = ERROR_CLASS.new()
        ERROR_CLASS.add(errors[cls], err)
    items = dict((k, ITEM.copy(v)) for k, v in base['items'].items())
    dropped = base.get('items_dropped', 0) + add.get('items_dropped', 0)
    for key, item in add['items'].items():
        if key in items:
            ITEM.add(items[key], item)
        elif len(items) >= MAX_ITEMS:
            dropped += 1
        else:
            items[key] = ITEM.copy(item)
    groups = {}
    for group in list(base['unclassified']) + list(add['unclassified']):
        key = group['template']
        if key not in groups and len(groups) >= MAX_TEMPLATES:
            key = OTHER_TEMPLATES
        if key in groups:
            TEMPLATE_GROUP.add(groups[key], group)
        else:
            groups[key] = dict(TEMPLATE_GROUP.copy(group), template=key)
    model = MODEL.copy(base.get('model') or MODEL.new())
    MODEL.add(model, add.get('model') or MODEL.new())
    noise = dict(base.get('noise', {}))
    add_counts(noise, add.get('noise', {}))
    skipped = dict(base['skipped'])
    add_counts(skipped, add['skipped'])
    lost = LOST.copy(base['lost'])
    LOST.add(lost, add['lost'])
    return derive({
        'schema': SCHEMA,
        'window': {'start': min(starts) if starts else None, 'end': max(ends) if ends else None},
        'agents': merge_agents(base['agents'], add['agents']),
        'errors': errors,
        'tracebacks': sorted(_merge_keyed(TRACEBACK, base['tracebacks'], add['tracebacks'], traceback_key),
                             key=traceback_order),
        'items': items,
        'items_dropped': dropped,
        'items_limit': MAX_ITEMS,
        'unclassified': sorted(groups.values(), key=unclassified_order),
        'noise': noise,
        'model': model,
        'files': _merge_keyed(FILE, base['files'], add['files'], lambda f: f['path']),
        'skipped': skipped,
        'lost': lost,
    })


def merge_agents(base, add):
    """Per-agent raw counts of two snapshots summed, in a fresh dict (derive() computes the rest)."""
    agents = dict((k, AGENT.copy(v)) for k, v in base.items())
    for agent, entry in add.items():
        if agent not in agents:
            agents[agent] = AGENT.new()
        AGENT.add(agents[agent], entry)
    return agents


def rate(part, whole):
    """part / whole as a float, or None when whole is 0 (no searches: no rate, never 0 %)."""
    return (part / float(whole)) if whole else None


def search_total(entry):
    """An agent's total_search_ops from its raw counts (docs/counts.md "total_search_ops").

    One source, the best that saw the agent's searches: its plug-in log, else its own log
    files, else the server side (the main server log or the System plug-in's log, whichever
    saw more), the last only when none of the agent's own lines were read. Never below the
    searches whose outcome was counted, so found + failed + errors + unknown is the total.
    """
    if entry['search_ops_plugin']:
        total = entry['search_ops_plugin']
    elif entry['search_ops_private']:
        total = entry['search_ops_private']
    elif not entry['plugin_lines']:
        total = max(entry['search_ops_server'], entry['search_ops_system'])
    else:
        total = 0
    return max(total, entry['titles_found'] + entry['title_failures'] + entry['search_exceptions'])


def derive(snap):
    """Compute the derived keys (total_search_ops, outcome_known/unknown, the two success
    rates, totals) in place."""
    totals = dict((k, 0) for k in TOTAL_KEYS)
    extra = dict((k, 0) for k in RAW_KEYS if k not in TOTAL_KEYS)
    for entry in snap['agents'].values():
        for key in RAW_KEYS:
            entry.setdefault(key, 0)
        total = entry['total_search_ops'] = search_total(entry)
        known = entry['outcome_known'] = entry['titles_found'] + entry['title_failures'] + entry['search_exceptions']
        entry['outcome_unknown'] = total - known
        entry['success_rate'] = rate(entry['titles_found'], total)
        entry['success_rate_known'] = rate(entry['titles_found'], known)
        for key in TOTAL_KEYS:
            totals[key] += entry[key]
        for key in extra:
            extra[key] += entry[key]
    totals.update(extra)
    totals['success_rate'] = rate(totals['titles_found'], totals['total_search_ops'])
    totals['success_rate_known'] = rate(totals['titles_found'], totals['outcome_known'])
    snap['totals'] = totals
    return snap


def totals_of(agents):
    """The `totals` block derive() computes for snapshots with these per-agent counts."""
    return derive({'agents': merge_agents({}, agents)})['totals']


# ---------------------------------------------------------------- reading

def window(snap):
    """The snapshot's window: {'start', 'end'} (and `hours` when it was cut to some)."""
    out = dict((snap or {}).get('window') or {})
    out.setdefault('start', None)
    out.setdefault('end', None)
    return out


def totals(snap):
    """The totals block with every counter (0 where absent; the rates None)."""
    out = dict((snap or {}).get('totals') or {})
    for key, default in totals_of({}).items():
        if out.get(key) is None:
            out[key] = default
    return out


def agents(snap):
    """{agent id: its counters (RAW_KEYS and the derived ones), url_errors_by_class, statuses}."""
    return dict((agent, AGENT.filled(entry, AGENT_DERIVED))
                for agent, entry in ((snap or {}).get('agents') or {}).items())


def errors(snap):
    """{URL error class: {count, statuses, examples, agents, urls}}."""
    return dict((cls, ERROR_CLASS.filled(entry)) for cls, entry in ((snap or {}).get('errors') or {}).items())


def error_class(snap, cls):
    """One URL error class record; an empty one when the snapshot has none of that class."""
    return ERROR_CLASS.filled(((snap or {}).get('errors') or {}).get(cls))


def tracebacks(snap):
    """The traceback records, in the snapshot's order (most frequent first)."""
    return [TRACEBACK.filled(tb) for tb in (snap or {}).get('tracebacks') or []]


def items(snap):
    """{item key (`<agent>|<id or name>`): item record}."""
    return dict((key, ITEM.filled(item)) for key, item in ((snap or {}).get('items') or {}).items())


def unclassified(snap):
    """The template groups of unclassified errors, in the snapshot's order (most frequent first)."""
    return [TEMPLATE_GROUP.filled(group) for group in (snap or {}).get('unclassified') or []]
