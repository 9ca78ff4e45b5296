# -*- coding: utf-8 -*-
"""The plug-in menu: routes ask the App for views, which Code/ draws."""
from __future__ import absolute_import, division, print_function
