"""Reference data of the demo catalogue: plain Python literals, no database access."""
