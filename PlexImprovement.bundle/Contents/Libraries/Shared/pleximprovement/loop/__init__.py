# -*- coding: utf-8 -*-
"""Phases 5-6: the loop that aggregates, diagnoses, applies one fix, tests it and decides, until a named exit.

files (generations of the stored documents), metrics (the numbers an iteration is judged on),
exits (the exit conditions), choose (which fix next, what a decision leads to), record (the
state, the decision log and the audit trail), audit (the server calls that change something),
coordinator (the steps, resumable), services (what the steps call: phases, trial, installer).
"""
from __future__ import absolute_import, division, print_function
