"""Z-Wave JS provider tests."""
