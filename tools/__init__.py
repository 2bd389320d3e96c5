"""Build-time tools of the gnlc checkout (not part of the package).

Run each as a module from the checkout's root, with gnlc installed (the nox
sessions install it in editable mode), for example
``python -m tools.build_snapshot --check``.
"""
