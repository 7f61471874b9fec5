"""Browser-Use Cloud API v4, the agent runs API: a run is the unit of work, a session the conversation holding runs."""
