using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace DigitalTwin.BenchHost;

/// <summary>
/// Forces a full blocking GC in another .NET process and reads what survived, through the runtime's diagnostics
/// port: an EventPipe session that enables the runtime provider's <c>GCHeapCollect</c> keyword makes the runtime
/// collect at once (the way <c>dotnet-gcdump</c> starts), and the <c>GC</c> keyword brings that collection's
/// <c>GCHeapStats</c> event. Nothing is added to the process under test.
/// </summary>
public static class HeapProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task<ManagedHeap> CollectAsync(int processId, CancellationToken cancellationToken)
    {
        var client = new DiagnosticsClient(processId);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = client.StartEventPipeSession(
            [new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational, keywords)],
            requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var result = new TaskCompletionSource<ManagedHeap>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fullBlockingGcStarted = false;

        // Only a blocking gen-2 collection leaves statistics of the whole heap; a background one may run meanwhile.
        source.Clr.GCStart += e => fullBlockingGcStarted |= e.Depth == 2 && e.Type == GCType.NonConcurrentGC;
        source.Clr.GCHeapStats += e =>
        {
            if (!fullBlockingGcStarted)
            {
                return;
            }

            var live = e.TotalPromotedSize0 + e.TotalPromotedSize1 + e.TotalPromotedSize2 + e.TotalPromotedSize3 + e.TotalPromotedSize4;
            var size = e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4;
            result.TrySetResult(new ManagedHeap(live, size, e.GCHandleCount));
        };

        var processing = Task.Run(() => source.Process(), CancellationToken.None);
        try
        {
            return await result.Task.WaitAsync(Timeout, cancellationToken);
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await processing;
        }
    }
}
