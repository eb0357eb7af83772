"""Actors: the knowledge base, actor resolution and PETRARCH/TABARI dictionary import."""
