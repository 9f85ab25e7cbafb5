"""Housekey on Matter locks, through Home Assistant's real matter integration."""
