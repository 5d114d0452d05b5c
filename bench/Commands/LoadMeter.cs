using System.Diagnostics;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>
/// Reads the CPU time of the silo, of a throwaway PostgreSQL, of the bench and of the machine at the start of an
/// interval and turns the differences into a <see cref="WindowLoad"/> at its end.
/// </summary>
public sealed class LoadMeter
{
    private readonly SystemUnderTest _system;
    private readonly long _startedAt;
    private readonly TimeSpan _siloCpu;
    private readonly TimeSpan? _postgresCpu;
    private readonly TimeSpan _benchCpu;
    private readonly MachineLoad _machine;

    private LoadMeter(SystemUnderTest system)
    {
        _system = system;
        _startedAt = Stopwatch.GetTimestamp();
        _siloCpu = system.Silo.ProcessorTime;
        _postgresCpu = system.Postgres?.ServerCpu();
        _benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        _machine = MachineLoad.Read();
    }

    public static LoadMeter Start(SystemUnderTest system) => new(system);

    public WindowLoad Stop()
    {
        var elapsed = Stopwatch.GetElapsedTime(_startedAt);
        var silo = (_system.Silo.ProcessorTime - _siloCpu).TotalSeconds;
        var postgres = _system.Postgres?.ServerCpu() - _postgresCpu;
        var bench = (Process.GetCurrentProcess().TotalProcessorTime - _benchCpu).TotalSeconds;
        var machine = MachineLoad.Read();
        var all = (machine.BusyTime - _machine.BusyTime).TotalSeconds;
        var seconds = elapsed.TotalSeconds;
        var postgresSeconds = postgres?.TotalSeconds ?? 0;
        return new WindowLoad(elapsed, silo / seconds, postgres?.TotalSeconds / seconds, bench / seconds, Math.Max(0, all - silo - postgresSeconds - bench) / seconds, machine.LoadAverage);
    }
}
