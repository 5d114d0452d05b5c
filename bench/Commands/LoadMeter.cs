using System.Diagnostics;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>Reads the CPU time of the silo, the bench and the machine at the start of an interval and turns the differences into a <see cref="WindowLoad"/> at its end.</summary>
public sealed class LoadMeter
{
    private readonly SiloProcess _silo;
    private readonly long _startedAt;
    private readonly TimeSpan _siloCpu;
    private readonly TimeSpan _benchCpu;
    private readonly MachineLoad _machine;

    private LoadMeter(SiloProcess silo)
    {
        _silo = silo;
        _startedAt = Stopwatch.GetTimestamp();
        _siloCpu = silo.ProcessorTime;
        _benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        _machine = MachineLoad.Read();
    }

    public static LoadMeter Start(SiloProcess silo) => new(silo);

    public WindowLoad Stop()
    {
        var elapsed = Stopwatch.GetElapsedTime(_startedAt);
        var silo = (_silo.ProcessorTime - _siloCpu).TotalSeconds;
        var bench = (Process.GetCurrentProcess().TotalProcessorTime - _benchCpu).TotalSeconds;
        var machine = MachineLoad.Read();
        var all = (machine.BusyTime - _machine.BusyTime).TotalSeconds;
        var seconds = elapsed.TotalSeconds;
        return new WindowLoad(elapsed, silo / seconds, bench / seconds, Math.Max(0, all - silo - bench) / seconds, machine.LoadAverage);
    }
}
