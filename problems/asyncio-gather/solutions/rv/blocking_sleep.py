# Wrong: time.sleep inside async def blocks the whole event loop: the coroutines run one
# after another (the output is still a valid one).
import asyncio
import time


async def func(name, start, end, timeout):
    while start < end:
        print(f"Coroutine {name}: {start}")
        start += 1
        time.sleep(timeout)
    await asyncio.sleep(0)


async def main(jobs):
    await asyncio.gather(*(func(str(i), s, e, d / 1000) for i, (s, e, d) in enumerate(jobs, 1)))


k = int(input())
jobs = [tuple(map(int, input().split())) for _ in range(k)]
print("START")
asyncio.run(main(jobs))
print("END")
