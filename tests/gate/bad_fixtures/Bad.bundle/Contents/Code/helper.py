# -*- coding: utf-8 -*-
"""Deliberately bad sibling module: Elevated allows __getitem__ here, never __dict__."""
from __future__ import absolute_import, division, print_function


class Thing(object):
    def __getitem__(self, key):
        return self.__dict__[key]
