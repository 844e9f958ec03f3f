"""The Dask engine (``--engine dask``, the optional extra ``consilience[dask]``).

:mod:`.clustering` and :mod:`.dossiers` drive a run from the client and need
``distributed``; :mod:`.reading`, :mod:`.cluster_tasks` and :mod:`.story_tasks` are the
plain functions the workers run. Nothing is imported here, so that importing a task
module does not pull Dask in.
"""
