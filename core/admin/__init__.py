"""The admin's shared machinery, for every kind of record.

- ``base.ScopedModelAdmin``: a model admin within the user's scope (``scope``), with the
  record's history and restore pages (``history``, read as people read it: ``versions``) and
  deletion refused while other records point to it (``deletion``).
- ``workflow.PublishableAdmin``: records with a publication state: the workflow's actions and
  buttons, and the review of changes to live records (``revisions``).
- ``shortcut``: « Voir sur le site », within scope.
"""
