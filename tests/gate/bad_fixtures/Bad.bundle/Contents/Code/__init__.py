# -*- coding: utf-8 -*-
"""Deliberately bad: each construct below is refused by the framework (see test_gate.py)."""
from __future__ import absolute_import, division, print_function

import os.path


def Start():
    Log.secret = Dict._private
    counter = 0
    counter -= 1
    return counter


def Items():
    yield 1


def Bump(obj):
    obj.x += 1


def ReadIt(path):
    return open(path).read()


class Thing(object):
    def __getitem__(self, key):
        return key
