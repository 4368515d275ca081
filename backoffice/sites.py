from urllib.parse import urlencode

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import path, reverse


class PortalAdminSite(admin.AdminSite):
    """The admin, whose home page is the dashboard of what needs attention (dashboard.py),
    and whose every page asks staff for a second factor (staff.two_factor) when
    ``STAFF_TWO_FACTOR`` is on."""

    index_template = "admin/dashboard.html"

    def index(self, request, extra_context=None):
        from backoffice.dashboard import dashboard

        extra_context = {**(extra_context or {}), "dashboard": dashboard(request.user)}
        return super().index(request, extra_context)

    def has_permission(self, request):
        from staff import two_factor

        return super().has_permission(request) and not two_factor.needs_second_factor(request)

    def login(self, request, extra_context=None):
        """A staff member past the password alone goes on to the second step."""
        from staff import two_factor

        if request.method == "GET" and two_factor.needs_second_factor(request):
            target = request.GET.get("next", reverse("admin:index", current_app=self.name))
            verify = reverse("admin:two_factor", current_app=self.name)
            return redirect(f"{verify}?{urlencode({'next': target})}")
        return super().login(request, extra_context)

    def get_urls(self):
        from staff import two_factor

        return [
            path("deux-facteurs/", two_factor.verify, name="two_factor"),
            path("deux-facteurs/configurer/", two_factor.setup, name="two_factor_setup"),
            path("deux-facteurs/codes/", two_factor.recovery_codes, name="two_factor_codes"),
            path("deux-facteurs/sortir/", two_factor.sign_out, name="two_factor_sign_out"),
            *super().get_urls(),
        ]
