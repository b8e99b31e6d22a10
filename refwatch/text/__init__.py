"""Text helpers shared by the stages: `clean` (HTML to text), `language` (ko/en/other), `gate`
(the cheap relevance gate in front of page extraction)."""
