# Wrong: every coroutine is awaited before the next one is created: no concurrency (and no
# tasks besides the main one).
import asyncio


async def func(name, start, end, timeout):
    while start < end:
        print(f"Coroutine {name}: {start}")
        start += 1
        await asyncio.sleep(timeout)


async def main(jobs):
    for i, (start, end, d) in enumerate(jobs, 1):
        await func(str(i), start, end, d / 1000)


k = int(input())
jobs = [tuple(map(int, input().split())) for _ in range(k)]
print("START")
asyncio.run(main(jobs))
print("END")
