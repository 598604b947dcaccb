"""Signals for the apps above care (pathways, screening, ...), so that care never imports them.

Each is sent inside the service's transaction with `actor` and `trajectory`.
"""

from django.dispatch import Signal

trajectory_created = Signal()
due_date_changed = Signal()  # also: previous_due_date
birth_registered = Signal()
risk_level_changed = Signal()  # also: previous_risk_level
trajectory_closed = Signal()
team_member_added = Signal()  # also: member
