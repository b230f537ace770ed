"""Docs linting: MDX pages -> Page model -> rules -> findings -> report formats."""
