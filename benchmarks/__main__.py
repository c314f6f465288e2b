"""Run every benchmark (python -m benchmarks [name ...]) and print its figures."""
import importlib
import pkgutil
import sys
from pathlib import Path


def main(names):
    found = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    chosen = [n for n in found if not names or n in names or n.removeprefix("bench_") in names]
    for name in chosen:
        print(f"== {name}")
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
