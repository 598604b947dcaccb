from django import template

register = template.Library()


@register.filter
def consent_url(need, next_url: str = "") -> str:
    """The pre-filled consent form for a ConsentNeed, returning to `next_url` once recorded."""
    return need.url(next_url) if need else ""
