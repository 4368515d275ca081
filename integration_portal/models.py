"""The portal's own pages keep no data of their own (the data version moved to core)."""
