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
        var behaviours = plan.Devices.Select(d => plan.CreateBehaviour(d)).ToArray();
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

        // Counts per class (0 = normal, then the catalogue's classes) for the whole run and each part of each split:
        // [device split, time split][train, test].
        var classes = AnomalyCatalog.All.Count + 1;
        var classCounts = new long[classes];
        var splitCounts = new long[2, 2, classes];
        var splitDevices = new HashSet<int>[2, 2, classes];
        foreach (var index in Enumerable.Range(0, 4 * classes))
        {
            splitDevices[index / (2 * classes), index / classes % 2, index % classes] = [];
        }

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
                var deviceTest = device.Split == DatasetSplit.Test ? 1 : 0;
                foreach (var sample in samples[d])
                {
                    var timeSplit = plan.TimeSplitOf(sample.Window.Start);
                    var row = new DatasetRow(device.Id, device.Type, sample.Window, plan.Provenance, device.Split, sample.Truth, timeSplit);
                    foreach (var writer in writers)
                    {
                        await writer.WriteAsync(row, cancellationToken);
                    }

                    var truth = sample.Truth;
                    var c = truth.Label == GroundTruthLabel.Anomalous && AnomalyCatalog.TryFind(truth.Class, out var descriptor)
                        ? (int)descriptor.Class + 1
                        : 0;
                    var timeTest = timeSplit == DatasetSplit.Test ? 1 : 0;
                    classCounts[c]++;
                    splitCounts[0, deviceTest, c]++;
                    splitCounts[1, timeTest, c]++;
                    if (c > 0)
                    {
                        splitDevices[0, deviceTest, c].Add(device.Index);
                        splitDevices[1, timeTest, c].Add(device.Index);
                    }

                    rows++;
                }
            }
        }

        foreach (var writer in writers)
        {
            await writer.CompleteAsync(cancellationToken);
        }

        return new GenerationReport(rows, ByClass(c => classCounts[c]), Balance(0), Balance(1), clock.Elapsed);

        SplitBalance Balance(int split) => new(
            ByClass(c => splitCounts[split, 0, c]),
            ByClass(c => splitCounts[split, 1, c]),
            ByClass(c => splitDevices[split, 0, c].Count),
            ByClass(c => splitDevices[split, 1, c].Count));
    }

    // Normal first, then the classes in catalogue order: the order the report prints.
    private static Dictionary<string, T> ByClass<T>(Func<int, T> count)
    {
        var byClass = new Dictionary<string, T>(StringComparer.Ordinal) { [GroundTruth.NormalClass] = count(0) };
        foreach (var descriptor in AnomalyCatalog.All)
        {
            byClass[descriptor.Name] = count((int)descriptor.Class + 1);
        }

        return byClass;
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
