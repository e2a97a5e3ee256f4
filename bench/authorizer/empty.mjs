// An empty module: the baseline for module load time.
