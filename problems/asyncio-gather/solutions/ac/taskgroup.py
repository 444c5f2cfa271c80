# Python 3.11: asyncio.TaskGroup; the lecture's func with async/await.
import asyncio


async def func(name, start, end, timeout):
    while start < end:
        print(f"Coroutine {name}: {start}")
        start += 1
        await asyncio.sleep(timeout)


async def main():
    k = int(input())
    jobs = [tuple(map(int, input().split())) for _ in range(k)]
    print("START")
    async with asyncio.TaskGroup() as group:
        for i, (start, end, d) in enumerate(jobs, 1):
            group.create_task(func(str(i), start, end, d / 1000))
    print("END")


asyncio.run(main())
