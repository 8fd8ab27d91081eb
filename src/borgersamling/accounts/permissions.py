"""Enforcing rules on views: anonymous visitors are sent to the login page, logged-in users
without the permission get 403."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar, Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest, HttpResponse

from borgersamling.accounts.rules import Rule
from borgersamling.assemblies.models import Assembly

P = ParamSpec("P")


def enforce(request: HttpRequest, rule: Rule, obj: Assembly | None) -> HttpResponse | None:
    """``None`` if the rule allows the request, else the response that refuses it."""
    if rule(request.user, obj):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


class RuleRequiredMixin:
    """Class-based views: set ``rule`` and, for per-assembly rules, override
    ``get_permission_object`` to return the assembly."""

    rule: ClassVar[Rule | None] = None
    request: HttpRequest

    def get_permission_object(self) -> Assembly | None:
        return None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # ``rule`` is a plain function stored on the class; read it from the class so it is
        # not bound as a method.
        rule = type(self).rule
        if rule is None:
            raise ImproperlyConfigured(f"{type(self).__name__} must set `rule`")
        refusal = enforce(request, rule, self.get_permission_object())
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]


def rule_required(
    rule: Rule, get_object: Callable[..., Assembly | None] | None = None
) -> Callable[
    [Callable[Concatenate[HttpRequest, P], HttpResponse]],
    Callable[Concatenate[HttpRequest, P], HttpResponse],
]:
    """Function-based views: ``@rule_required(can_edit_program, get_object=assembly_from_kwargs)``
    where ``get_object(request, **kwargs)`` returns the assembly."""

    def decorator(
        view: Callable[Concatenate[HttpRequest, P], HttpResponse],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            obj = get_object(request, *args, **kwargs) if get_object is not None else None
            refusal = enforce(request, rule, obj)
            if refusal is not None:
                return refusal
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]  # functools.wraps's type is narrower

    return decorator
