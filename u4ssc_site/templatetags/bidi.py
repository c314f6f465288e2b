"""Figures that stay readable in right-to-left text.

In an Arabic page a figure written with spaces between its thousands ("116 673", "82.85 %") would be
reordered by the browser's bidirectional algorithm ("673 116"). `{{ text|figure }}` isolates it as
left-to-right: `<bdi dir="ltr">116 673</bdi>`. It costs nothing in the other languages, so templates
use it wherever a number is shown inside text: `{% load bidi %}{{ value|number_shown|figure }}`.
"""
from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def figure(text):
    """The text (escaped unless already safe) in a left-to-right isolate; nothing for an empty value."""
    if text is None or text == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', text)
