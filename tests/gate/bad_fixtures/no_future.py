# -*- coding: utf-8 -*-
"""Deliberately bad: the __future__ line is missing."""
import os

HERE = os.getcwd()
