"""Scripts for launchers that run a file, not a module (``spark-submit``). This folder holds nothing else,
so that running a file from it cannot shadow installed packages with dyad's own module names."""
