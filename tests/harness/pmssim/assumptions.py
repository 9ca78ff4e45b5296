# -*- coding: utf-8 -*-
"""What the simulated server assumes where plex-runtime.md and the framework source are silent.

Everything the sim does that is not a fact from those sources is one entry here: a name, a
default, the allowed values and why. The default is the stricter side (the one under which
a fix or a completion check that only works by luck fails in the sim); Phase 3/4 code must
pass under every value. Switch one with ``Assumptions(name=value)`` (tests) or
``make sim ARGS="--assume name=value"``. Each entry's number is its decision in
docs/decisions.md ("Simulated server" entries S1...).

In: keyword switches or "name=value" strings. Out: an Assumptions object the server reads.
"""
from __future__ import absolute_import, division, print_function

from .fakesite import seeded_fraction


class Entry(object):
    """One assumption: number, name, default, allowed values (None: any of the default's type)."""

    def __init__(self, number, name, default, choices, why):
        self.number = number
        self.name = name
        self.default = default
        self.choices = choices
        self.why = why

    def convert(self, value):
        """`value` (or its text, from the command line) checked; ValueError when not allowed."""
        if isinstance(self.default, (int, float)):
            try:
                value = type(self.default)(value)
            except (TypeError, ValueError):
                raise ValueError('%s must be a number, not %r' % (self.name, value))
            if value < 0:
                raise ValueError('%s must not be negative' % self.name)
        elif value not in self.choices:
            raise ValueError('%s must be one of %s, not %r' % (self.name, ', '.join(self.choices), value))
        return value


ENTRIES = (
    Entry('S1', 'matched_refresh', 'update_only', ('update_only', 'search_again'),
          'Refreshing an item that already has an agent guid runs update() only (no new search); '
          'search_again searches first and rematches when the best result is accepted.'),
    Entry('S2', 'unforced_scan', 'new_files_only', ('new_files_only', 'unmatched'),
          'A section refresh without force=1 is a scan: with no new or changed file it refreshes '
          'nothing; unmatched makes it search every unmatched item again.'),
    Entry('S3', 'accept_min_score', 85, None,
          'PMS matches an item automatically when the best result (after the fallback agent) scores '
          'at least this much; 85 is only System\'s fallback trigger, used here as a strict guess.'),
    Entry('S4', 'failed_update', 'untouched', ('untouched', 'applied'),
          'When the agent\'s update() raised (the framework swallows it, System still reports '
          'success) PMS leaves the item as it was: fields and updatedAt; applied takes what the '
          'model got before the exception and moves updatedAt.'),
    Entry('S5', 'item_activity', 'seeded', ('seeded', 'shown', 'late', 'hidden'),
          'Whether a single-item refresh appears in /activities: shown at once, late (the refresh '
          'waits activity_delay seconds in the queue, with no Activity until it starts), hidden '
          '(never listed), or seeded: one of the three per refresh, fixed by the seed.'),
    Entry('S5', 'activity_delay', 1.0, None,
          'Seconds a "late" item refresh waits in the queue before it starts and shows.'),
    Entry('S6', 'plugin_restart', 'system_only', ('system_only', 'any'),
          'GET/PUT /:/plugins/<id>/restart restarts com.plexapp.system only; for other plug-ins it '
          'answers 404 and reloads nothing (any: it reloads them). Touching Info.plist always works.'),
    Entry('S7', 'main_log_max_bytes', 1048576, None,
          'Plex Media Server.log rolls to .1.log (5 backups) at this size during a run, and at '
          'every start.'),
    Entry('S8', 'parallel_refreshes', 3, None,
          'How many items PMS refreshes at once (each search and update on its own thread); '
          'updates are further capped at 3 by System (config.py agentservice_update_limit).'),
    Entry('S9', 'item_refresh_force', 'forced', ('forced', 'as_asked'),
          'PUT /library/metadata/<id>/refresh passes force=1 to update() unless the request says '
          'force=0 (as_asked: only with force=1).'),
    Entry('S10', 'contributor_enabled', 'no', ('no', 'yes'),
          'A contributing agent no agent configuration was saved for is not called (no: the owner '
          'must tick it in the agent settings first); yes: every available contributor is called.'),
)
BY_NAME = dict((entry.name, entry) for entry in ENTRIES)
ACTIVITY_KINDS = ('shown', 'late', 'hidden')


class Assumptions(object):
    """The switches, as attributes named after ENTRIES; unknown names or values raise ValueError."""

    def __init__(self, **switches):
        for entry in ENTRIES:
            setattr(self, entry.name, entry.default)
        for name, value in switches.items():
            entry = BY_NAME.get(name)
            if entry is None:
                raise ValueError('unknown assumption %r (known: %s)' % (name, ', '.join(sorted(BY_NAME))))
            setattr(self, name, entry.convert(value))

    @classmethod
    def parse(cls, pairs):
        """From ["name=value", ...] (the command line's --assume)."""
        switches = {}
        for pair in pairs or ():
            if '=' not in pair:
                raise ValueError('--assume wants name=value, not %r' % pair)
            name, value = pair.split('=', 1)
            switches[name.strip()] = value.strip()
        return cls(**switches)

    def as_dict(self):
        return dict((entry.name, getattr(self, entry.name)) for entry in ENTRIES)

    def activity_for(self, seed, number):
        """'shown', 'late' or 'hidden' for the `number`th item refresh of a sim with `seed` (S5)."""
        if self.item_activity != 'seeded':
            return self.item_activity
        fraction = seeded_fraction(seed, 'activity', number)
        return ACTIVITY_KINDS[min(2, int(fraction * 3))]

    def __repr__(self):
        return 'Assumptions(%s)' % ', '.join('%s=%r' % kv for kv in sorted(self.as_dict().items()))
