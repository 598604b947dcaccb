"""Screening's rules in the one policy (wieg.care.policies): who recorded a screening.

A screening is psychosocial, a team-only category: parents see only the ones they entered themselves
(a self-screening they filled in), never one a professional recorded. Flags and suggestions are the
team's reading of the answers and are not registered: parents see none of them.
"""

from wieg.care.policies import register_records

from .models import Screening


def register() -> None:
    register_records(Screening, author="entered_by")
