using DigitalTwin.DeviceSimulator.Control;
using DigitalTwin.DeviceSimulator.Telemetry;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>
/// Runs the devices of a fleet side by side in one process. Every device is a pair of async loops woken by timers,
/// not a thread, so a thousand devices fit on two cores; connections ramp up at the configured rate.
/// </summary>
public sealed class DeviceFleet : IAsyncDisposable
{
    private readonly IReadOnlyList<SimulatedDevice> _devices;

    private DeviceFleet(IReadOnlyList<SimulatedDevice> devices, FleetCounters counters)
    {
        _devices = devices;
        Counters = counters;
    }

    public FleetCounters Counters { get; }

    public int Count => _devices.Count;

    public static DeviceFleet Create(IReadOnlyList<DevicePlan> plans, FleetSettings settings, GroundTruthFile groundTruth, TimeProvider time)
    {
        var counters = new FleetCounters();
        var pacer = new ConnectPacer(settings.ConnectRate, time);
        var start = time.GetUtcNow();
        var devices = plans.Select(plan =>
        {
            // Separate streams per concern, so a command does not shift the readings that follow it.
            var model = DeviceModels.Create(plan.Type, plan.Id, new Xoshiro256(Xoshiro256.Derive(settings.Seed, plan.Id + "/telemetry")), settings.FaultRate, start);
            if (plan.Interval is { } interval)
            {
                model.Interval = interval;
            }

            var commands = new CommandHandler(model, ActionCatalog.BuiltIn, settings.FailureRate, new Xoshiro256(Xoshiro256.Derive(settings.Seed, plan.Id + "/commands")));
            var random = new Xoshiro256(Xoshiro256.Derive(settings.Seed, plan.Id + "/connection"));
            return new SimulatedDevice(plan, model, commands, random, settings.Connection, settings.WindowSeconds, groundTruth, pacer, counters, time);
        }).ToList();
        return new DeviceFleet(devices, counters);
    }

    /// <summary>Runs every device until <paramref name="stopping"/> is cancelled and each has said <c>offline</c>.</summary>
    public Task RunAsync(CancellationToken stopping) => Task.WhenAll(_devices.Select(d => d.RunAsync(stopping)));

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }
    }
}
