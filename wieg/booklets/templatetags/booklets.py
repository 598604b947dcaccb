from django import template

from wieg.booklets.models import Booklet, Step

register = template.Library()


@register.filter
def step_label(value):
    return Step(value).label if value in Step.values else value


@register.filter
def booklet_label(value):
    return Booklet(value).label if value in Booklet.values else value
