"""quotesource's own Stanza models: data preparation, training, install, word vectors."""
