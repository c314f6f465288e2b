"""Text of the report written into its stylesheet: the running lines of the page margins."""
from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def css_string(text):
    """A quoted CSS string of the text: quotes, backslashes, line ends and "<" as CSS escapes."""
    escaped = "".join(f"\\{ord(c):x} " if c in '"\\<>\n\r' else c for c in str(text))
    return mark_safe(f'"{escaped}"')
