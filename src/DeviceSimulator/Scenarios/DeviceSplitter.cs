using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// Splits a scheduled fleet into train and test devices, stratified by device type and anomaly class, so that even a
/// small fleet evaluates every class it holds:
/// <list type="number">
/// <item>Each device's stratum is its type and its <em>rarest</em> class: of the classes scheduled on it, the one on
/// the fewest devices of the fleet (ties by catalogue order), or <c>normal</c> without episodes. The rarest class,
/// not the first, because the common classes reach the test split through their many devices anyway.</item>
/// <item>Within each stratum the devices are ordered by a hash of the seed and their id, and the first
/// round(testShare × size) go to test.</item>
/// <item>Rounding leaves small strata without a test device, so then each class with no test device gets its
/// lowest-ranked carrier moved to test (when the test share is above 0), including a class on a single device: the
/// test split is where detection is measured, and a class absent from it would silently go unevaluated, while a
/// detector trained on normal windows needs no example of it and a classifier cannot learn a class from one device.
/// Last, each class on two or more devices with none left in train gets its lowest-ranked test carrier moved back
/// (when the test share is below 1), if that leaves its other classes a test device.</item>
/// </list>
/// Every step is ordered by the seed, so the same scenario and seed give the same split on any machine.
/// </summary>
internal sealed class DeviceSplitter(ulong seed, double testShare)
{
    public IReadOnlyList<FleetDevice> Split(IReadOnlyList<FleetDevice> devices, Func<FleetDevice, IEnumerable<AnomalyClass>> classesOf)
    {
        var classes = devices.Select(d => classesOf(d).Distinct().Order().ToArray()).ToArray();
        var carriers = new Dictionary<AnomalyClass, List<int>>();
        var ranked = Enumerable.Range(0, devices.Count)
            .OrderBy(i => Xoshiro256.Derive(seed, "split:" + devices[i].Id))
            .ThenBy(i => devices[i].Id, StringComparer.Ordinal)
            .ToArray();
        foreach (var i in ranked)
        {
            foreach (var anomaly in classes[i])
            {
                (carriers.TryGetValue(anomaly, out var list) ? list : carriers[anomaly] = []).Add(i);
            }
        }

        var test = new bool[devices.Count];
        foreach (var stratum in ranked.GroupBy(i => (devices[i].Type, Rarest(classes[i], carriers))))
        {
            var members = stratum.ToArray();
            var count = (int)Math.Round(members.Length * testShare, MidpointRounding.AwayFromZero);
            foreach (var i in members.Take(count))
            {
                test[i] = true;
            }
        }

        var order = carriers.Keys.Order().ToArray();
        if (testShare > 0)
        {
            foreach (var anomaly in order)
            {
                if (!carriers[anomaly].Any(i => test[i]))
                {
                    test[carriers[anomaly][0]] = true;
                }
            }
        }

        if (testShare < 1)
        {
            foreach (var anomaly in order.Where(a => carriers[a].Count >= 2 && carriers[a].All(i => test[i])))
            {
                var movable = carriers[anomaly].FirstOrDefault(
                    i => classes[i].All(other => other == anomaly || carriers[other].Any(j => j != i && test[j])),
                    -1);
                if (movable >= 0)
                {
                    test[movable] = false;
                }
            }
        }

        return devices.Select((d, i) => d with { Split = test[i] ? DatasetSplit.Test : DatasetSplit.Train }).ToArray();
    }

    private static AnomalyClass? Rarest(AnomalyClass[] classes, Dictionary<AnomalyClass, List<int>> carriers) =>
        classes.Length == 0 ? null : classes.MinBy(c => (carriers[c].Count, (int)c));
}
