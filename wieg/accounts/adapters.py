from allauth.account.adapter import DefaultAccountAdapter


class ClosedAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators (professionals) or by invitation (parents), never by sign-up."""

    def is_open_for_signup(self, request):
        return False
