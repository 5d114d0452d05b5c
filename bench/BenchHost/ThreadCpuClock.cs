using System.Runtime.InteropServices;

namespace DigitalTwin.BenchHost;

/// <summary>
/// The CPU time the calling thread has used (Linux' <c>CLOCK_THREAD_CPUTIME_ID</c>): on a machine busy with other
/// work, a thread's wall time counts the time it waited for a core and its CPU time does not, so a cost per call
/// measured with it holds still under load. A system call (about a microsecond): read it around a batch of calls.
/// </summary>
public static partial class ThreadCpuClock
{
    private const int ThreadCpuTimeClock = 3;

    public static TimeSpan Now()
    {
        if (ClockGetTime(ThreadCpuTimeClock, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed with errno {Marshal.GetLastPInvokeError()}");
        }

        return TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100);
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
