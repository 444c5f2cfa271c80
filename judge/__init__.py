"""judge: an automated homework judge for a course on processes, threads and asyncio."""

__version__ = "0.3.0"
