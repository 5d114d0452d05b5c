using System.Globalization;

namespace DigitalTwin.BenchHost;

/// <summary>
/// CPU time the whole machine has spent busy (<c>/proc/stat</c>) and the load average (<c>/proc/loadavg</c>).
/// The silo and the bench share the machine with whatever else runs on it; subtracting their own CPU time
/// from the machine's shows how much other processes took from the measurement.
/// </summary>
public sealed record MachineLoad(TimeSpan BusyTime, string LoadAverage)
{
    // USER_HZ: the unit of /proc/stat; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static MachineLoad Read()
    {
        var busy = TimeSpan.Zero;
        var cpu = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (cpu is not null)
        {
            // user nice system idle iowait irq softirq steal ...: everything but idle and iowait is busy.
            var fields = cpu.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            var total = fields.Take(8).Sum();
            busy = TimeSpan.FromSeconds((total - fields[3] - fields[4]) / TicksPerSecond);
        }

        var load = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        return new MachineLoad(busy, load);
    }
}
