"""Full-text search in French, accent-insensitive, on any stock PostgreSQL (no extension).

Each searchable record stores a search document (a generated ``tsvector`` column, indexed
with GIN) built by the SQL function ``portal_search_vector(weight, texts…)``: the texts without
their accents (``portal_unaccent``, a ``translate()`` table), stemmed by the ``french``
configuration, plus their words without a plural ``s``/``x`` in the ``simple`` one. The second
half catches what the French stemmer, working on unaccented words, splits apart: « foyer »
stems to ``foi`` but « foyers » to ``foyer``; « réfugiées » to ``refugie`` but « réfugié » to
``refug``. A query word matches either form (:func:`search_terms`).

Titles weigh A, summaries B, descriptions C: ``ts_rank`` orders results by them.
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection, models
from django.db.models.expressions import CombinedExpression

# Letters with accents and their plain forms, one character each (ligatures are replaced
# before: œ → oe, æ → ae).
ACCENTED = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ"
PLAIN = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyy"
LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"}
# A word's plural mark: a final s or x after at least three letters.
PLURAL_SQL = r"([a-zA-Z]{3,})[sSxX]\M"
PLURAL = re.compile(r"(?<=[a-z]{3})[sx]$")

_ligatures_sql = "value"
for ligature, plain in LIGATURES.items():
    _ligatures_sql = f"replace({_ligatures_sql}, '{ligature}', '{plain}')"

FUNCTIONS_SQL = f"""
CREATE OR REPLACE FUNCTION portal_unaccent(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT translate({_ligatures_sql}, '{ACCENTED}', '{PLAIN}') $$;

CREATE OR REPLACE FUNCTION portal_search_vector(weight text, VARIADIC texts text[])
    RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT setweight(
            to_tsvector('french'::regconfig, plain) || to_tsvector(
                'simple'::regconfig, regexp_replace(plain, '{PLURAL_SQL}', '\\1', 'g')
            ),
            weight::"char"
        )
        FROM (SELECT portal_unaccent(coalesce(array_to_string(texts, ' '), '')) AS plain) AS text
    $$;
"""
DROP_FUNCTIONS_SQL = """
DROP FUNCTION IF EXISTS portal_search_vector(text, VARIADIC text[]);
DROP FUNCTION IF EXISTS portal_unaccent(text);
"""

_TABLE = str.maketrans({**dict(zip(ACCENTED, PLAIN, strict=True)), **LIGATURES})
WORD = re.compile(r"[^\W_]+")


def unaccent(value: str) -> str:
    """Python's twin of ``portal_unaccent``."""
    return value.translate(_TABLE)


def plain_word(word: str) -> str:
    """A word as the ``simple`` half of the search document holds it."""
    return PLURAL.sub("", unaccent(word).lower())


def search_document(**texts_by_weight) -> models.Expression:
    """The generated column's expression: ``search_document(A=["title"], B=["summary"])``."""
    parts = [
        models.Func(
            models.Value(weight),
            *(models.F(name) for name in names),
            function="portal_search_vector",
            output_field=SearchVectorField(),
        )
        for weight, names in texts_by_weight.items()
    ]
    document = parts[0]
    for part in parts[1:]:
        document = CombinedExpression(document, "||", part, output_field=SearchVectorField())
    return document


@dataclass(frozen=True)
class SearchTerms:
    """What a query searches: per word, its French stem and its plain form.

    ``tsquery`` is the text of a ``to_tsquery('simple', …)`` query (each word's two forms
    joined by ``|``, the words by ``&``); ``lexemes`` are those forms, to highlight them.
    """

    text: str
    tsquery: str
    lexemes: tuple[str, ...]

    def __bool__(self):
        return bool(self.tsquery)

    def query(self) -> SearchQuery:
        """The query matching the records' search documents (``search_document``)."""
        return SearchQuery(self.tsquery, search_type="raw", config="simple")

    def matches(self, word: str) -> bool:
        """Whether a word of a displayed text is one the query found."""
        plain = plain_word(word)
        return any(plain == lexeme or plain.startswith(lexeme) for lexeme in self.lexemes)


def search_terms(text: str) -> SearchTerms:
    """The terms of a query typed by a person (one query to PostgreSQL for the stems).

    French stop words (« de », « la », « des »…) are left out; so is a query of them only."""
    words = list(dict.fromkeys(unaccent(word).lower() for word in WORD.findall(text)))[:20]
    if not words:
        return SearchTerms(text, "", ())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ts_lexize('french_stem', word) FROM unnest(%s::text[]) AS word",
            [words],
        )
        stems = dict(cursor.fetchall())
    groups, lexemes = [], []
    for word in words:
        stem = stems.get(word)
        if not stem:  # a stop word
            continue
        forms = list(dict.fromkeys([stem[0], plain_word(word)]))
        lexemes.extend(forms)
        groups.append("(" + " | ".join(f"'{form}'" for form in forms) + ")")
    return SearchTerms(text, " & ".join(groups), tuple(dict.fromkeys(lexemes)))


class Plain(models.Transform):
    """``name__plain__icontains="saint etienne"``: a text without its accents (in SQL)."""

    lookup_name = "plain"
    function = "portal_unaccent"
    output_field = models.TextField()


models.CharField.register_lookup(Plain)
models.TextField.register_lookup(Plain)
