"""What the accounts app tells the apps above it, without importing them."""

from django.dispatch import Signal

# An administrator changed someone else's way in: user, admin, change ("password", "second_factor" or
# "account_link"). Sent inside the transaction that holds the account.
account_changed_by_admin = Signal()

# The owner of an account an administrator changed chose their own password and second factor again: user.
account_reenrolled = Signal()
