"""What the login page says about the second factor."""
from django import template

from people.second_factor import is_switched_off

register = template.Library()


@register.simple_tag
def second_factor_is_off():
    return is_switched_off()
