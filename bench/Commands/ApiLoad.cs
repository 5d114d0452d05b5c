using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>
/// C API clients, each sending its next request as soon as the previous one is answered (closed loop), through
/// a warm-up and then a measured window. Requests are attributed to the window by their own timestamps.
/// </summary>
public static class ApiLoad
{
    /// <summary>
    /// Runs <paramref name="request"/> in <paramref name="clients"/> loops; returns the load measured over the
    /// window once every loop has finished its last request.
    /// </summary>
    public static async Task<WindowLoad> RunAsync(
        int clients, TimeSpan warmup, TimeSpan duration, MeasurementWindow window, SystemUnderTest system,
        Func<CancellationToken, Task> request, TextWriter log, CancellationToken cancellationToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loops = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!stopping.IsCancellationRequested)
            {
                await request(cancellationToken);
            }
        })).ToArray();

        await WaitAsync(warmup, system.Silo, "warm-up", cancellationToken);
        window.Open();
        var meter = LoadMeter.Start(system);
        await log.WriteLineAsync($"  measuring for {duration.TotalSeconds:0} s");
        await WaitAsync(duration, system.Silo, "measurement", cancellationToken);
        window.Close();
        var load = meter.Stop();
        await stopping.CancelAsync();
        await Task.WhenAll(loops);
        return load;
    }

    /// <summary>Waits out a phase, failing as soon as the silo process exits.</summary>
    public static async Task WaitAsync(TimeSpan length, SiloProcess silo, string phase, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(length);
        try
        {
            await silo.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException($"The silo exited with code {silo.ExitCode} during the {phase}.");
    }
}
