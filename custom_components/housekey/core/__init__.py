"""Pure Python core of Housekey: people, policy, time and slot plans.

Nothing below this package imports Home Assistant, so the rules that decide
who may open which door when are tested in milliseconds and in isolation.
"""
