"""Understanding code samples: parsers, fragment normalisation, request extraction."""
