import asyncio
import sys


async def count(number, start, end, delay):
    for value in range(start, end):
        print(f"Coroutine {number}: {value}")
        await asyncio.sleep(delay)


async def main(jobs):
    await asyncio.gather(*(count(i, s, e, d / 1000) for i, (s, e, d) in enumerate(jobs, 1)))


data = sys.stdin.read().split()
k = int(data[0])
jobs = [tuple(int(x) for x in data[1 + 3 * i:4 + 3 * i]) for i in range(k)]
print("START")
asyncio.run(main(jobs))
print("END")
