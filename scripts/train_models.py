#!/usr/bin/env python
"""Compatibility shim: the training recipe is now `quotesource models ...` (quotesource.training;
docs/models.md). `python scripts/train_models.py [--pretrain FILE] train pos --steps N` runs
`quotesource models train pos --steps N [--pretrain FILE]`."""
import sys

from quotesource.models_admin import recipe_main

if __name__ == "__main__":
    recipe_main(sys.argv[1:])
