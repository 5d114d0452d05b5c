using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The rules of one twin over its <see cref="TwinState"/>: creation, device messages with per-field
/// last-write-wins, API writes and the lifecycle. Plain code, so it is tested without a cluster;
/// every method that changes the twin increments <see cref="TwinState.Version"/>.
/// </summary>
public sealed class Twin(string id, TwinState state, TwinRules rules)
{
    public string Id { get; } = id;

    public TwinState State { get; } = state;

    public bool Exists => State.Exists;

    public DeviceMessageOutcome Apply(DeviceMessage message)
    {
        var created = false;
        if (!State.Exists)
        {
            if (!rules.AutoDiscovery)
            {
                return new DeviceMessageOutcome(DeviceMessageResult.UnknownDevice, [], false, false);
            }

            var metadata = new Dictionary<string, FieldValue>(StringComparer.Ordinal)
            {
                [TwinRules.AutoDiscoveredKey] = FieldValue.FromBoolean(true),
            };
            Initialise(message.DeviceType ?? TwinRules.UnknownType, metadata, [], TwinLifecycle.Active, message.ReceivedAt);
            created = true;
        }

        if (!LifecycleRules.AcceptsDeviceTraffic(State.Lifecycle))
        {
            if (State.Lifecycle == TwinLifecycle.Decommissioned)
            {
                State.RejectedMessages++;
                return new DeviceMessageOutcome(DeviceMessageResult.Decommissioned, [], false, false);
            }

            State.IgnoredMessages++;
            return new DeviceMessageOutcome(DeviceMessageResult.Ignored, [], false, false);
        }

        if (WouldExceedFieldLimit(message.Values))
        {
            State.RejectedMessages++;
            return new DeviceMessageOutcome(DeviceMessageResult.TooManyFields, [], created, false);
        }

        var changed = false;
        if (State.Lifecycle == TwinLifecycle.Pending)
        {
            State.Lifecycle = TwinLifecycle.Active;
            changed = true;
        }

        // A twin discovered from a payload without a type learns it from the first one that names it.
        if (State.Type == TwinRules.UnknownType && message.DeviceType is { } type)
        {
            State.Type = type;
            changed = true;
        }

        if (State.LastSeen is not { } seen || message.ReceivedAt > seen)
        {
            State.LastSeen = message.ReceivedAt;
        }

        var presence = message.Presence ?? PresenceStatus.Online;
        var presenceChanged = presence != State.AnnouncedPresence;
        State.AnnouncedPresence = presence;

        var applied = MergeReported(message.Values, message.DeviceTimestamp);
        var stale = message.Values.Length > 0 && applied.Count == 0;

        if (message.Kind == DeviceMessageKind.Telemetry)
        {
            TelemetryWindow.Add(State.Telemetry, new TelemetryPoint(message.DeviceTimestamp, message.Values), rules.TelemetryWindowSize);
        }

        if (stale)
        {
            State.StaleMessages++;
        }
        else
        {
            State.AcceptedMessages++;
        }

        if (changed || presenceChanged || applied.Count > 0 || created)
        {
            Touch(message.ReceivedAt);
        }

        return new DeviceMessageOutcome(stale ? DeviceMessageResult.Stale : DeviceMessageResult.Applied, applied, created, presenceChanged || changed);
    }

    /// <summary>Counts an error the device reported; false when there is no twin to count it.</summary>
    public bool RecordDeviceAlert()
    {
        if (!State.Exists)
        {
            return false;
        }

        State.DeviceAlerts++;
        return true;
    }

    public TwinWriteStatus Create(TwinDefinition definition, DateTimeOffset now)
    {
        if (State.Exists)
        {
            return TwinWriteStatus.AlreadyExists;
        }

        Initialise(definition.Type, new(definition.Metadata, StringComparer.Ordinal), new(definition.Properties, StringComparer.Ordinal), TwinLifecycle.Pending, now);
        Touch(now);
        return TwinWriteStatus.Applied;
    }

    public TwinWriteStatus ReplaceDefinition(TwinDefinition definition, DateTimeOffset now)
    {
        var status = CheckWritable();
        if (status != TwinWriteStatus.Applied)
        {
            return status;
        }

        State.Type = definition.Type;
        State.Metadata = new(definition.Metadata, StringComparer.Ordinal);
        State.Properties = new(definition.Properties, StringComparer.Ordinal);
        Touch(now);
        return TwinWriteStatus.Applied;
    }

    public TwinWriteStatus ReplaceMetadata(Dictionary<string, FieldValue> metadata, DateTimeOffset now)
    {
        var status = CheckWritable();
        if (status != TwinWriteStatus.Applied)
        {
            return status;
        }

        State.Metadata = new(metadata, StringComparer.Ordinal);
        Touch(now);
        return TwinWriteStatus.Applied;
    }

    /// <summary>Writes reported values from the API; the server time is their last-write-wins clock.</summary>
    public TwinWriteStatus UpdateReported(NamedValue[] values, DateTimeOffset now, out IReadOnlyList<NamedValue> changed)
    {
        changed = [];
        var status = CheckWritable();
        if (status != TwinWriteStatus.Applied)
        {
            return status;
        }

        if (WouldExceedFieldLimit(values))
        {
            return TwinWriteStatus.TooManyFields;
        }

        changed = MergeReported(values, now);
        if (changed.Count == 0)
        {
            return TwinWriteStatus.Stale;
        }

        Touch(now);
        return TwinWriteStatus.Applied;
    }

    public TwinWriteStatus ChangeLifecycle(TwinLifecycle target, DateTimeOffset now)
    {
        if (!State.Exists)
        {
            return TwinWriteStatus.NotFound;
        }

        if (State.Lifecycle == target)
        {
            return TwinWriteStatus.Applied;
        }

        if (!LifecycleRules.CanTransition(State.Lifecycle, target))
        {
            return State.Lifecycle == TwinLifecycle.Decommissioned ? TwinWriteStatus.Decommissioned : TwinWriteStatus.InvalidTransition;
        }

        State.Lifecycle = target;
        Touch(now);
        return TwinWriteStatus.Applied;
    }

    public TwinSnapshot ToSnapshot(DateTimeOffset now) => new()
    {
        Id = Id,
        Type = State.Type,
        Lifecycle = State.Lifecycle,
        Presence = Presence.Evaluate(State.AnnouncedPresence, State.LastSeen, now, rules.InactivityTimeout),
        LastSeen = State.LastSeen,
        Metadata = new(State.Metadata, StringComparer.Ordinal),
        Properties = new(State.Properties, StringComparer.Ordinal),
        Reported = new(State.Reported, StringComparer.Ordinal),
        CreatedAt = State.CreatedAt,
        LastUpdated = State.LastUpdated,
        Version = State.Version,
        Counters = new TwinCounters(State.AcceptedMessages, State.StaleMessages, State.IgnoredMessages, State.RejectedMessages),
    };

    public TwinDirectoryEntry ToDirectoryEntry()
    {
        var reported = new Dictionary<string, FieldValue>(State.Reported.Count, StringComparer.Ordinal);
        foreach (var (name, field) in State.Reported)
        {
            reported[name] = field.Value;
        }

        return new TwinDirectoryEntry
        {
            Id = Id,
            Type = State.Type,
            Lifecycle = State.Lifecycle,
            AnnouncedPresence = State.AnnouncedPresence,
            LastSeen = State.LastSeen,
            Metadata = new(State.Metadata, StringComparer.Ordinal),
            State = reported,
            CreatedAt = State.CreatedAt,
            LastUpdated = State.LastUpdated,
            Version = State.Version,
        };
    }

    private TwinWriteStatus CheckWritable() => State switch
    {
        { Exists: false } => TwinWriteStatus.NotFound,
        { Lifecycle: TwinLifecycle.Decommissioned } => TwinWriteStatus.Decommissioned,
        _ => TwinWriteStatus.Applied,
    };

    /// <summary>
    /// Whether the values would take the twin past its cap of reported fields; each payload is bounded,
    /// but without a cap a device inventing new names every message would grow its twin without end.
    /// </summary>
    public bool WouldExceedFieldLimit(NamedValue[] values)
    {
        var added = 0;
        foreach (var value in values)
        {
            if (!State.Reported.ContainsKey(value.Name))
            {
                added++;
            }
        }

        return State.Reported.Count + added > rules.MaxReportedFields;
    }

    private List<NamedValue> MergeReported(NamedValue[] values, DateTimeOffset timestamp)
    {
        var applied = new List<NamedValue>(values.Length);
        foreach (var value in values)
        {
            if (State.Reported.TryGetValue(value.Name, out var current) && current.UpdatedAt > timestamp)
            {
                continue;
            }

            State.Reported[value.Name] = new ReportedField(value.Value, timestamp);
            applied.Add(value);
        }

        return applied;
    }

    private void Initialise(string type, Dictionary<string, FieldValue> metadata, Dictionary<string, FieldValue> properties, TwinLifecycle lifecycle, DateTimeOffset now)
    {
        State.Exists = true;
        State.Type = type;
        State.Metadata = metadata;
        State.Properties = properties;
        State.Lifecycle = lifecycle;
        State.CreatedAt = now;
        State.LastUpdated = now;
    }

    private void Touch(DateTimeOffset now)
    {
        State.Version++;
        if (now > State.LastUpdated)
        {
            State.LastUpdated = now;
        }
    }
}
