"""« Voir sur le site » in the admin: the public address of a record the user may see.

Django's own shortcut (``/admin/r/<content type>/<id>/``) redirects any staff member to any
record's address, whose readable part is the record's name: guessing ids would list other
territories' drafts. This one answers 404, as every other page of a record one may not see.
"""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect


def view_on_site(request, content_type_id, object_id):
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        model = None
    model_admin = admin.site._registry.get(model)
    if model_admin is None or not model_admin.has_view_permission(request):
        raise Http404
    try:
        pk = model._meta.pk.to_python(object_id)
    except ValidationError:
        raise Http404 from None
    records = model._default_manager
    if hasattr(records, "for_user"):
        records = records.for_user(request.user)
    record = get_object_or_404(records, pk=pk)
    if not hasattr(record, "get_absolute_url"):
        raise Http404
    return redirect(record.get_absolute_url())
