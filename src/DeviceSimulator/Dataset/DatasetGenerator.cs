using System.Diagnostics;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.DeviceSimulator.Packets;
using DigitalTwin.DeviceSimulator.Scenarios;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Dataset;

/// <summary>
/// Fast mode: runs a scenario's devices on a simulated clock, no broker, and streams every device × window row to the
/// given writers. Devices are generated in parallel in fixed batches while the previous batch is written, and rows are
/// always written in the same order (day by day; within a day device by device, each device's windows in time order),
/// so the output is identical whatever the number of cores. Memory holds one day of two batches, and with a
/// <c>capture</c> every packet of the run (<see cref="SimulatedCapture"/>: for short runs).
/// </summary>
public sealed class DatasetGenerator(ScenarioPlan plan, SimulatedCapture? capture = null)
{
    private const int BatchDevices = 32;
    // Rows are produced a simulated day at a time: enough work per batch, bounded memory for any run length.
    private const double ChunkSeconds = 86_400;

    public async Task<GenerationReport> GenerateAsync(IReadOnlyList<IDatasetWriter> writers, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var behaviours = plan.Devices.Select(plan.CreateBehaviour).ToArray();
        for (var d = 0; d < behaviours.Length && capture is not null; d++)
        {
            behaviours[d].PacketLog = capture.LogOf(d);
        }

        var chunkWindows = Math.Max(1, (long)(ChunkSeconds / plan.WindowSeconds));
        var work = new List<(long From, int Windows, int FirstDevice, int Devices)>();
        for (var from = 0L; from < plan.WindowCount; from += chunkWindows)
        {
            var windows = (int)Math.Min(chunkWindows, plan.WindowCount - from);
            for (var first = 0; first < behaviours.Length; first += BatchDevices)
            {
                work.Add((from, windows, first, Math.Min(BatchDevices, behaviours.Length - first)));
            }
        }

        var byClass = new Dictionary<string, long>(StringComparer.Ordinal);
        var classCounts = new long[AnomalyCatalog.All.Count + 1];
        long rows = 0;
        Task<WindowSample[][]>? pending = work.Count > 0 ? Produce(behaviours, work[0], cancellationToken) : null;
        for (var w = 0; w < work.Count; w++)
        {
            var samples = await pending!;
            pending = w + 1 < work.Count ? Produce(behaviours, work[w + 1], cancellationToken) : null;
            var item = work[w];
            for (var d = 0; d < item.Devices; d++)
            {
                var device = plan.Devices[item.FirstDevice + d];
                foreach (var sample in samples[d])
                {
                    var row = new DatasetRow(device.Id, device.Type, sample.Window, plan.Provenance, device.Split, sample.Truth);
                    foreach (var writer in writers)
                    {
                        await writer.WriteAsync(row, cancellationToken);
                    }

                    var truth = sample.Truth;
                    if (truth.Label == GroundTruthLabel.Anomalous && AnomalyCatalog.TryFind(truth.Class, out var descriptor))
                    {
                        classCounts[(int)descriptor.Class + 1]++;
                    }
                    else
                    {
                        classCounts[0]++;
                    }

                    rows++;
                }
            }
        }

        foreach (var writer in writers)
        {
            await writer.CompleteAsync(cancellationToken);
        }

        byClass[GroundTruth.NormalClass] = classCounts[0];
        foreach (var descriptor in AnomalyCatalog.All)
        {
            byClass[descriptor.Name] = classCounts[(int)descriptor.Class + 1];
        }

        return new GenerationReport(rows, byClass, clock.Elapsed);
    }

    private Task<WindowSample[][]> Produce(DeviceBehaviour[] behaviours, (long From, int Windows, int FirstDevice, int Devices) item, CancellationToken cancellationToken) =>
        Task.Run(
            () =>
            {
                var samples = new WindowSample[item.Devices][];
                Parallel.For(0, item.Devices, new ParallelOptions { CancellationToken = cancellationToken }, d =>
                {
                    var behaviour = behaviours[item.FirstDevice + d];
                    var windows = new WindowSample[item.Windows];
                    for (var i = 0; i < windows.Length; i++)
                    {
                        windows[i] = behaviour.Next(plan.WindowStart(item.From + i));
                    }

                    samples[d] = windows;
                });
                return samples;
            },
            cancellationToken);
}
