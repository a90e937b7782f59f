"""torch on the engine: Tensor, dtypes and promotion, printing, functional losses."""
