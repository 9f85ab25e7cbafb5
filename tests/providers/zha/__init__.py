"""ZHA provider tests."""
