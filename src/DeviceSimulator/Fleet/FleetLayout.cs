using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.DeviceSimulator.Scenarios;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>
/// The devices a run drives and what its ground truth is stamped with: from a scenario file (its mix, seed, window and
/// anomaly schedule, laid out from the run's start so episodes happen in real time), or from the command line alone
/// (normal traffic only). Command-line options override the scenario's fleet size, mix, window and seed, and a
/// <c>--duration</c> shorter than the scenario shortens its schedule to the run.
/// </summary>
internal sealed record FleetLayout(IReadOnlyList<DevicePlan> Devices, DatasetProvenance Provenance, double WindowSeconds, ulong Seed)
{
    public const string LiveScenarioId = "live";

    /// <summary>Throws <see cref="ScenarioException"/> when the scenario file is unreadable or invalid (with the overrides applied).</summary>
    public static FleetLayout From(FleetOptions options, DateTimeOffset now)
    {
        if (options.Scenario is null)
        {
            var seed = options.Seed ?? 1UL;
            var window = options.WindowSeconds ?? 10;
            var plans = DevicePlan.ForMix(options.Types ?? FleetMix.Even, options.Devices ?? 10, options.IdPrefix, options.Intervals, seed, window);
            return new FleetLayout(plans, new DatasetProvenance(LiveScenarioId, unchecked((long)seed), DeviceBehaviour.GeneratorVersion), window, seed);
        }

        var scenario = ScenarioFile.Load(options.Scenario);
        scenario.Devices = options.Devices ?? scenario.Devices;
        scenario.WindowSeconds = options.WindowSeconds ?? scenario.WindowSeconds;
        scenario.Seed = options.Seed is { } given ? unchecked((long)given) : scenario.Seed;
        if (options.Duration > TimeSpan.Zero && options.Duration.TotalDays < scenario.Days)
        {
            // A run shorter than the scenario squeezes the schedule into the run, so its anomalies happen while it lasts.
            scenario.Days = options.Duration.TotalDays;
        }

        if (options.Types is { } mix)
        {
            var total = mix.Weights.Sum(w => w.Value);
            scenario.Fleet = mix.Weights.ToDictionary(w => w.Key, w => w.Value / total);
        }

        // A live fleet's devices power on when it starts: no warm-up, so the first windows come at once and their
        // histories and damped rates start cold, as a probe sees hosts it has just met.
        // The schedule starts at the current window's start, so windows and episodes share one grid with the devices.
        var windowMilliseconds = (long)(scenario.WindowSeconds * 1000);
        var start = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds() / windowMilliseconds * windowMilliseconds);
        var plan = ScenarioPlan.Create(scenario, start);
        var devices = plan.Devices
            .Select(d => new DevicePlan(options.IdPrefix + d.Id, d.Type, options.Intervals.For(d.Type), plan.CreateBehaviour(d, TimeSpan.Zero), d.Split))
            .ToList();
        return new FleetLayout(devices, plan.Provenance, plan.WindowSeconds, (ulong)scenario.Seed);
    }
}
