"""refwatch: monitor news, extract the facts, link reports into incidents, verify, respond."""

__version__ = "0.1.0"
