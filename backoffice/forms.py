from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.models import CorrectionReport


class CorrectionReportForm(forms.ModelForm):
    """What is wrong, and an e-mail address if the visitor wants an answer. ``site`` is a
    honeypot: hidden from people, filled by robots."""

    site = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = CorrectionReport
        fields = ["message", "email"]
        labels = {"message": _("Ce qui est inexact ou manque"), "email": _("Votre courriel")}
        help_texts = {
            "message": _("Quelques phrases suffisent (2 000 caractères au plus)."),
            "email": _(
                "Facultatif, pour qu'une personne de l'équipe vous réponde. Il n'est vu que "
                "par l'équipe et effacé après 12 mois."
            ),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("site", "").strip())
