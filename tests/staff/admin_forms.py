"""Posting an admin change form as a browser would: every field and inline as rendered."""

from django.forms.models import BaseModelFormSet


def _field_values(form, data):
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if value is None:
            continue
        widget_value = field.widget.format_value(value) if not isinstance(value, list) else None
        if isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif widget_value is not None and not hasattr(field.widget, "widgets"):
            data[key] = widget_value
        elif hasattr(field.widget, "widgets"):  # split date and time
            parts = field.widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        else:
            data[key] = str(value)


def form_data(response, **changes) -> dict:
    """The data a browser would send back from the admin change page ``response``."""
    data = {}
    _field_values(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset: BaseModelFormSet = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            _field_values(form, data)
    data.update(changes)
    return data
