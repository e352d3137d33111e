"""Validating a corpus against human coders: `sample` draws what they code (sample.py, with
the sentences of sentences.py), `labels` keeps their answers, `statistics` and `report` give the
figures. Nothing is re-exported here: the sample needs no scikit-learn, the report does."""
