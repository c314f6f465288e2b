"""Benchmarks: each bench_*.py module has a main() that prints its figures."""
import multiprocessing


def in_a_fresh_process(target, *args):
    """Run target(*args, queue) in a new process, so its peak memory is its own; return what it puts on the queue."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result
