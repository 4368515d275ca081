"""The shapes of official French codes, defined once: the database's check constraints and
the import's row checks both use these patterns (PostgreSQL and Python read them alike)."""

# INSEE (COG) codes, per level: regions, the 101 departments (Corsica 2A/2B, overseas
# 971–974 and 976), and their communes.
REGION_CODE = r"^[0-9]{2}$"
DEPARTMENT_CODE = r"^(0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-46])$"
COMMUNE_CODE = r"^((0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5])[0-9]{3}|97[1-46][0-9]{2})$"
# La Poste postcodes: metropolitan departments (Corsica's start with 20), overseas
# departments and collectivities (971–978), Monaco and the Pacific (980, 984, 986–989).
POSTCODE = r"^((0[1-9]|[1-8][0-9]|9[0-5])[0-9]{3}|97[1-8][0-9]{2}|98[046-9][0-9]{2})$"
