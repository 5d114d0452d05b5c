namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// A host behaving as a person's machine does: actions at irregular intervals (log-normal pauses, mostly short, some
/// long reading pauses), never on a timer, so no benign host has the fixed rhythm a beacon has.
/// </summary>
internal sealed class BenignClient(LabClients clients, LabNetwork network)
{
    /// <summary>A name no server answers any more: a stale bookmark or configuration entry, an NXDOMAIN now and then.</summary>
    private const string StaleName = "old-printer.lab.internal";

    public async Task RunAsync(string source, HostBehaviour behaviour, Random random, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await ActAsync(source, behaviour, random, cancellationToken);
                await Task.Delay(Pause(behaviour, random), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The capture is over.
        }
    }

    private async Task ActAsync(string source, HostBehaviour behaviour, Random random, CancellationToken cancellationToken)
    {
        switch (behaviour)
        {
            case HostBehaviour.Web:
                await clients.FetchPageAsync(source, random, cancellationToken);
                break;
            case HostBehaviour.Tls:
                await clients.FetchOverTlsAsync(source, cancellationToken);
                break;
            case HostBehaviour.Dns:
                await clients.ResolveAsync(source, PickName(random), cancellationToken);
                break;
            case HostBehaviour.Mixed:
                await clients.ResolveAsync(source, PickName(random), cancellationToken);
                await (random.Next(3) == 0 ? clients.FetchOverTlsAsync(source, cancellationToken) : clients.FetchPageAsync(source, random, cancellationToken));
                break;
        }
    }

    private string PickName(Random random) => random.Next(12) == 0 ? StaleName : network.Names[random.Next(network.Names.Count)];

    /// <summary>A log-normal pause around a median of 1.5-3 s, from 0.2 s up to 15 s.</summary>
    private static TimeSpan Pause(HostBehaviour behaviour, Random random)
    {
        var median = behaviour switch
        {
            HostBehaviour.Tls => 3.0,
            HostBehaviour.Dns => 2.5,
            _ => 1.5,
        };

        // Box-Muller: a standard normal from two uniforms.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return TimeSpan.FromSeconds(Math.Clamp(median * Math.Exp(0.8 * normal), 0.2, 15));
    }
}
