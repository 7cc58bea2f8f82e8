"""Developer tooling run by the Makefile: test services, the dependency audit."""
