"""The engine: compiled targets run as verdicts (evaluate), as a generated kernel (kernel) and over
columns (columns); verdict holds the result types and explain their bilingual explanations."""
