"""The kinds of public records, each declared once by its app (in its config's ``ready``):
the word naming it in addresses (« programme », « structure »…), its model, its names, its
open data, and how the search across kinds reads it. Pages, the search, correction reports,
the back office's dashboard and the API read the kinds from here, in their order."""

from dataclasses import dataclass

_KINDS: dict[str, "Kind"] = {}


@dataclass(frozen=True)
class Kind:
    key: str  # in addresses: the search's type, a correction report's, the API's basename
    model: type
    label: str  # « Programme »
    plural: str  # « Programmes »
    dataset: object  # its open data (core.opendata.Dataset): downloads and the API
    heading: str  # the field naming a record (its title or its name)
    summary: str  # the field the search quotes
    acronym: str = ""  # a field completing its name
    start: str = ""  # a field dating it
    located: bool = True  # placed on territories (a national kind is not)
    position: int = 0  # its place in lists of kinds

    def of_row(self, pk, heading, acronym=""):
        """A record standing for a search's row: enough to name it and link to it."""
        fields = {"pk": pk, self.heading: heading}
        if self.acronym:
            fields[self.acronym] = acronym
        return self.model(**fields)


def register(*kinds: Kind) -> None:
    for kind in kinds:
        _KINDS[kind.key] = kind


def all_kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.position)


def get(key: str) -> Kind | None:
    return _KINDS.get(key)


def of_model(model) -> Kind | None:
    return next((kind for kind in _KINDS.values() if kind.model is model), None)
