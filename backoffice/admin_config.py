from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """Django's admin, with the dashboard as its home page (backoffice.sites)."""

    default_site = "backoffice.sites.PortalAdminSite"
