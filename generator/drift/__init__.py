"""Report what a change of an OpenAPI document does to this project's users, and gate CI on it."""
