using DigitalTwin.Grains.Outbound;
using DigitalTwin.Wire.Outbound;

namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>
/// Our own <see cref="IDeviceChannel"/> port for tests: remembers every error, command, twin update, desired
/// document and anomaly alert the twins send, instead of publishing them over MQTT. Safe to use from many grains at once.
/// </summary>
public sealed class RecordingDeviceChannel : IDeviceChannel
{
    private readonly Lock _lock = new();
    private readonly List<DeviceError> _errors = [];
    private readonly List<TwinUpdate> _updates = [];
    private readonly List<DeviceCommand> _commands = [];
    private readonly List<DesiredUpdate> _desired = [];
    private readonly List<(string TwinId, byte[] Json)> _alerts = [];
    private readonly List<(string DeviceId, SiloAddress? Session)> _routes = [];
    private readonly List<(string DeviceId, SiloAddress Silo)> _endedSessions = [];

    public Task ReportErrorAsync(DeviceError error, SiloAddress? session)
    {
        lock (_lock)
        {
            _errors.Add(error);
        }

        return Task.CompletedTask;
    }

    public Task PublishTwinUpdateAsync(TwinUpdate update, byte[] json)
    {
        lock (_lock)
        {
            _updates.Add(update);
        }

        return Task.CompletedTask;
    }

    public Task PublishCommandAsync(DeviceCommand command, SiloAddress? session)
    {
        lock (_lock)
        {
            _commands.Add(command);
            _routes.Add((command.DeviceId, session));
        }

        return Task.CompletedTask;
    }

    public Task PublishDesiredAsync(DesiredUpdate update)
    {
        lock (_lock)
        {
            _desired.Add(update);
        }

        return Task.CompletedTask;
    }

    public Task PublishAnomalyAlertAsync(string twinId, byte[] json)
    {
        lock (_lock)
        {
            _alerts.Add((twinId, json));
        }

        return Task.CompletedTask;
    }

    public Task EndSessionAsync(string deviceId, SiloAddress silo)
    {
        lock (_lock)
        {
            _endedSessions.Add((deviceId, silo));
        }

        return Task.CompletedTask;
    }

    /// <summary>The silos the device's commands were sent through, in order (null: every silo).</summary>
    public IReadOnlyList<SiloAddress?> CommandSessionsFor(string deviceId)
    {
        lock (_lock)
        {
            return _routes.Where(r => r.DeviceId == deviceId).Select(r => r.Session).ToArray();
        }
    }

    /// <summary>The silos on which the device's sessions were ended because it moved, in order.</summary>
    public IReadOnlyList<SiloAddress> EndedSessionsOf(string deviceId)
    {
        lock (_lock)
        {
            return _endedSessions.Where(e => e.DeviceId == deviceId).Select(e => e.Silo).ToArray();
        }
    }

    /// <summary>The JSON of the anomaly alert changes announced for a twin, in order.</summary>
    public IReadOnlyList<byte[]> AnomalyAlertsFor(string twinId)
    {
        lock (_lock)
        {
            return _alerts.Where(a => a.TwinId == twinId).Select(a => a.Json).ToArray();
        }
    }

    public IReadOnlyList<DeviceCommand> CommandsFor(string deviceId)
    {
        lock (_lock)
        {
            return _commands.Where(c => c.DeviceId == deviceId).ToArray();
        }
    }

    public IReadOnlyList<DeviceError> ErrorsFor(string deviceId)
    {
        lock (_lock)
        {
            return _errors.Where(e => e.DeviceId == deviceId).ToArray();
        }
    }

    public IReadOnlyList<TwinUpdate> UpdatesFor(string twinId)
    {
        lock (_lock)
        {
            return _updates.Where(u => u.TwinId == twinId).ToArray();
        }
    }

    public IReadOnlyList<DesiredUpdate> DesiredFor(string twinId)
    {
        lock (_lock)
        {
            return _desired.Where(u => u.TwinId == twinId).ToArray();
        }
    }
}
