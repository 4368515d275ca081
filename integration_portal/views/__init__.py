"""The site-wide pages (home, search, territories, about), and the record pages that gather
several layers: an organisation's page lists its programmes and events, a programme's page
its events. Each app's own views show its records with what lies below it only
(reference ← partners ← programmes ← events)."""
