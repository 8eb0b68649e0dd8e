"""Where sealed records live: one SQLite file per mentor profile, through sqlite-utils."""
