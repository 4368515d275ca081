from django.contrib import admin


class PortalAdminSite(admin.AdminSite):
    """The admin, whose home page is the dashboard of what needs attention (dashboard.py)."""

    index_template = "admin/dashboard.html"

    def index(self, request, extra_context=None):
        from backoffice.dashboard import dashboard

        extra_context = {**(extra_context or {}), "dashboard": dashboard(request.user)}
        return super().index(request, extra_context)
