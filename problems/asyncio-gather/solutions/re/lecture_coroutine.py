# Wrong: the lecture's first asyncio sample, only half modernised: func is still a generator
# decorated with @asyncio.coroutine (removed in Python 3.11) and using `yield from` (asyncio no
# longer runs generator-based coroutines):
# AttributeError: module 'asyncio' has no attribute 'coroutine' (when the decorator runs).
# (main() is already async def / await, so the static async_await rule does not fire first.)
import asyncio


@asyncio.coroutine
def func(name, start, end, timeout):
    while start < end:
        print(f"Coroutine {name}: {start}")
        start += 1
        yield from asyncio.sleep(timeout)


async def main(jobs):
    await asyncio.gather(*(func(str(i), s, e, d / 1000) for i, (s, e, d) in enumerate(jobs, 1)))


k = int(input())
jobs = [tuple(map(int, input().split())) for _ in range(k)]
print("START")
asyncio.run(main(jobs))
print("END")
