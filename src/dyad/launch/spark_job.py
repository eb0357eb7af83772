"""The dyad Spark job for ``spark-submit``:

    spark-submit --master yarn "$(python -c 'import dyad.launch.spark_job as j; print(j.__file__)')" INPUT OUTPUT

(``dyad/spark.py`` itself cannot be given to spark-submit: running a file puts its folder first on
``sys.path``, and dyad's module ``typer.py`` would then hide the ``typer`` package spaCy imports.)
"""

from __future__ import annotations

from dyad.spark import main

if __name__ == "__main__":
    raise SystemExit(main())
