"""The result register of a project: results with their owners and shares (foreground IP),
the IP register of patents and other protected results, background IP declared per partner,
and the agreement documents with their signatures per party."""
