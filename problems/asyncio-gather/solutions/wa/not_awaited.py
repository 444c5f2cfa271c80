# Wrong: show() is a coroutine function, and calling it without await only creates a
# coroutine object that never runs: nothing is printed for the coroutines, and Python warns
# "RuntimeWarning: coroutine 'show' was never awaited" on stderr. Tasks and sleeps are right.
import asyncio


async def show(name, value):
    print(f"Coroutine {name}: {value}")


async def func(name, start, end, timeout):
    while start < end:
        show(name, start)
        start += 1
        await asyncio.sleep(timeout)


async def main(jobs):
    await asyncio.gather(*(func(str(i), s, e, d / 1000) for i, (s, e, d) in enumerate(jobs, 1)))


k = int(input())
jobs = [tuple(map(int, input().split())) for _ in range(k)]
print("START")
asyncio.run(main(jobs))
print("END")
