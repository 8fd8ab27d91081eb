"""``{% allowed "rule_name" assembly as name %}``: ask a named rule from templates, so a page
shows only the links its visitor may follow (the views enforce the same rules)."""

from __future__ import annotations

from django import template

from borgersamling.accounts.rules import RULES
from borgersamling.assemblies.models import Assembly

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed(context: template.Context, rule: str, assembly: Assembly | None) -> bool:
    request = context.get("request")
    if request is None:
        return False
    return RULES[rule](request.user, assembly)
