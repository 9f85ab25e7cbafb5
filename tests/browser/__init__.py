"""Browser tests of the Housekey panel."""
