"""Feature packages: one per thing a user can do (see README, Layout)."""
