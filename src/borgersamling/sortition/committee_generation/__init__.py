"""Algorithms that turn a panel space into a distribution over panels."""
