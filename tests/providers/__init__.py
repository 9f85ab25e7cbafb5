"""Provider tests, one package per stack: unit tests on dumps and real-stack tests together."""
