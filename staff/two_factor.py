"""Two-factor authentication of staff (django-otp): an authenticator app's code (TOTP) after
the password, or one of ten recovery codes.

With ``STAFF_TWO_FACTOR`` on (production's default), the admin grants no page to a staff
member whose session has not passed a second factor (``backoffice.sites.PortalAdminSite``):
its login leads to ``verify`` (a code), or, for an account without a device yet, to
``setup``, which shows the QR code of a new TOTP secret, drawn as SVG on the server, and
confirms it with a first code; ten recovery codes are then shown once. Outside the admin, an
unverified session counts as no session (``UnverifiedStaffAsAnonymous``): no draft preview,
no staff view of a public page. Wrong codes are slowed down by django-otp's throttling.
An administrator removes a lost phone's device in the admin (« OTP_TOTP »): the account
sets up a new one at its next login.
"""

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
# After each wrong code, the next is refused for a while, longer each time (django-otp).
TOO_MANY = _("Trop de codes erronés : attendez quelques instants avant de réessayer.")
SESSION_CODES = "two_factor_recovery_codes"


def required() -> bool:
    return settings.STAFF_TWO_FACTOR


def is_staff_member(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_staff


def needs_second_factor(request) -> bool:
    """A staff member logged in by password whose session has passed no second factor."""
    return required() and is_staff_member(request.user) and not request.user.is_verified()


class UnverifiedStaffAsAnonymous:
    """Middleware (after django-otp's): outside the admin, whose site asks for the second
    factor itself, a session without it is anonymous."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if required() and not request.path_info.startswith("/admin/"):
            user = request.user
            request.user = SimpleLazyObject(
                lambda: (
                    AnonymousUser() if user.is_authenticated and not user.is_verified() else user
                )
            )
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


def next_address(request) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("admin:index")


def with_next(address: str, request) -> str:
    return f"{address}?{urlencode({'next': next_address(request)})}"


def step_context(request, title, **context):
    return {
        **admin.site.each_context(request),
        "title": title,
        "subtitle": None,
        "next": next_address(request),
        **context,
    }


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """The second step of a login: a code of the authenticator app, or a recovery code."""
    if not is_staff_member(request.user):
        return redirect("admin:login")
    if not needs_second_factor(request):
        return redirect(next_address(request))
    devices = list(devices_for_user(request.user, confirmed=True))
    if not any(isinstance(device, TOTPDevice) for device in devices):
        return redirect(with_next(reverse("admin:two_factor_setup"), request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not any(device.verify_is_allowed()[0] for device in devices):
            form.add_error("code", TOO_MANY)
        else:
            device = next(
                (device for device in devices if device.verify_token(form.cleaned_data["code"])),
                None,
            )
            if device is not None:
                otp_login(request, device)
                return redirect(next_address(request))
            form.add_error("code", _("Ce code n'est pas valide (ou a déjà servi)."))
    return render(
        request,
        "staff/two_factor_verify.html",
        step_context(request, _("Validation en deux étapes"), form=form),
    )


@never_cache
@sensitive_post_parameters("code")
def setup(request):
    """A new authenticator app: its secret as a QR code, confirmed by a first code; then ten
    recovery codes. Only for an account without a confirmed device (after losing one, an
    administrator removes it first)."""
    if not is_staff_member(request.user):
        return redirect("admin:login")
    if any(isinstance(d, TOTPDevice) for d in devices_for_user(request.user, confirmed=True)):
        return redirect(next_address(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=request.user, name=str(_("Application d'authentification")), confirmed=False
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("code", TOO_MANY)
        elif device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[SESSION_CODES] = new_recovery_codes(request.user)
            return redirect(with_next(reverse("admin:two_factor_codes"), request))
        else:
            form.add_error("code", _("Ce code n'est pas valide : vérifiez l'heure du téléphone."))
    return render(
        request,
        "staff/two_factor_setup.html",
        step_context(
            request,
            _("Configurer la validation en deux étapes"),
            form=form,
            qr_code=qr_code_svg(device.config_url),
            secret=secret_text(device),
        ),
    )


@never_cache
def recovery_codes(request):
    """The recovery codes, shown once, right after setting up the app."""
    if not is_staff_member(request.user) or needs_second_factor(request):
        return redirect("admin:login")
    codes = request.session.pop(SESSION_CODES, None)
    if not codes:
        return redirect(next_address(request))
    return render(
        request,
        "staff/two_factor_codes.html",
        step_context(request, _("Vos codes de secours"), codes=codes),
    )


def sign_out(request):
    """Leaving from the second step (the admin's logout needs the second factor)."""
    if request.method == "POST":
        logout(request)
    return redirect("admin:login")


def secret_text(device) -> str:
    """The secret of a TOTP device as people type it: base32, by groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def new_recovery_codes(user) -> list[str]:
    """Ten single-use codes, replacing any earlier ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(_("Codes de secours")))
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def qr_code_svg(data: str):
    """The QR code of ``data`` as an inline SVG image (qrcode), drawn here: the secret never
    leaves the server for a drawing service."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    label = escape(_("Code QR à lire avec l'application d'authentification"))
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))
