"""Every benchmark, one after another: ``python -m bench`` (add --quick for fewer runs)."""

from bench import (
    bench_descent,
    bench_engine,
    bench_evaluate,
    bench_explore,
    bench_pages,
    bench_tape,
    bench_tensor,
    bench_vecmath,
)

for module in (bench_engine, bench_tape, bench_evaluate, bench_explore, bench_pages,
               bench_descent, bench_tensor, bench_vecmath):
    print(f"\n## {module.__name__}")
    module.main()
