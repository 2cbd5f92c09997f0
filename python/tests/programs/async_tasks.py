"""asyncio scenarios for test_asyncio.py: ``python async_tasks.py <scenario>``."""
import asyncio
import sys


async def worker(ident):
    total = 0
    for step in range(60):
        await asyncio.sleep(0.0005)  # @worker-await
        total += step  # @worker-add
    return total


async def three_workers():
    return await asyncio.gather(worker(1), worker(2), worker(3))


async def inner(ident):
    value = ident * 10  # @inner-first
    await asyncio.sleep(0.001)  # @inner-await
    return value  # @inner-return


async def outer(ident):
    result = await inner(ident)  # @outer-await-inner
    return result + 1  # @outer-after


async def three_outers():
    return await asyncio.gather(outer(1), outer(2), outer(3))


async def child(ident):
    await asyncio.sleep(0.001)
    label = "child-%d" % ident  # @child-stop
    await asyncio.sleep(0.001)
    return label  # @child-return


async def parent(ident):
    task = asyncio.ensure_future(child(ident))
    result = await task  # @parent-await
    return result.upper()  # @parent-after


async def awaited():
    # Tasks of the same functions run beside the one the tests follow; the breakpoint condition picks it.
    return await asyncio.gather(parent(1), parent(2), worker(4))  # @main-gather


async def ticker(count):
    for i in range(count):
        await asyncio.sleep(0)
        yield i * 2  # @agen-yield


class Resource(object):
    async def __aenter__(self):
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc):
        await asyncio.sleep(0)


async def consume():
    seen = []
    async with Resource():
        seen.append("with")  # @async-with-body
    async for value in ticker(2):  # @async-for
        seen.append(value)  # @async-for-body
    return seen


async def breakpoints():
    await outer(5)
    return await consume()


async def sleeper(seconds):
    await asyncio.sleep(seconds)  # @sleeper-await


async def wait_for_task(task):
    return await task  # @waiter-await


async def gather_two():
    return await asyncio.gather(sleeper(5.0), sleeper(6.0))


async def quick():
    return 42


async def tasks():
    sleeping = asyncio.ensure_future(sleeper(5.0))
    sleeping.set_name("sleeping")
    waiting = asyncio.ensure_future(wait_for_task(sleeping))
    waiting.set_name("waiting")
    gathering = asyncio.ensure_future(gather_two())
    gathering.set_name("gathering")
    finished = asyncio.ensure_future(quick())
    finished.set_name("finished")
    await finished
    doomed = asyncio.ensure_future(sleeper(5.0))
    doomed.set_name("doomed")
    await asyncio.sleep(0)
    doomed.cancel()
    await asyncio.gather(doomed, return_exceptions=True)
    await asyncio.sleep(0.01)  # every task is at its await now
    here = "all started"  # @tasks-stop
    for task in (sleeping, waiting, gathering):
        task.cancel()
    await asyncio.gather(sleeping, waiting, gathering, return_exceptions=True)
    return here


scenario = sys.argv[1]  # @before-loop
print(asyncio.run(globals()[scenario]()))
