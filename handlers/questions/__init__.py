"""結の知恵: a worker's question reaches someone who can answer it, the answer reaches the worker,
and the answer stays with the team as a note (one flow per module)."""
