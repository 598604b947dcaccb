"""Signals for apps that act on screening outcomes (referrals, pathways, network), so screening imports none.

Each is sent inside the service's transaction with `actor` and `trajectory`.
"""

from django.dispatch import Signal

screening_recorded = Signal()  # also: screening, moments_done ({moment key: day}, selectors.moments_done)
suggestion_decided = Signal()  # also: suggestion (extra contacts and activities are planned by their apps)
