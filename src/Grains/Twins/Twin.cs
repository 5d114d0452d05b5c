using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The rules of one twin over its <see cref="TwinState"/>: creation, device messages with per-field
/// last-write-wins, API writes, desired state and the lifecycle. Plain code, so it is tested without a cluster;
/// every method that changes the twin increments <see cref="TwinState.Version"/>. API writes take an
/// optional <see cref="TwinPrecondition"/> on that version: a missing twin is reported first, then a
/// failed precondition, then the write's own rules, and a refused write changes nothing.
/// </summary>
public sealed class Twin(string id, TwinState state, TwinRules rules)
{
    public string Id { get; } = id;

    public TwinState State { get; } = state;

    public bool Exists => State.Exists;

    public DeviceMessageOutcome Apply(DeviceMessage message)
    {
        if (Admit(message.DeviceType, message.ReceivedAt, out var created) is { } refused)
        {
            return refused;
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

        // A device time too far ahead would hold every field it touches until the real time caught up with it:
        // such a message is ordered by its receive time. The telemetry window keeps the device's own time, which
        // is what the device measured by; only the last-write-wins clock is clamped.
        var clockSkewed = ClockSkew.IsAhead(message.DeviceTimestamp, message.ReceivedAt, rules.FutureTimestampTolerance);
        if (clockSkewed)
        {
            State.ClockSkewedMessages++;
        }

        var orderingTime = clockSkewed ? message.ReceivedAt : message.DeviceTimestamp;
        var applied = MergeReported(message.Values, orderingTime, out var deltaChanged);
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

        return new DeviceMessageOutcome(stale ? DeviceMessageResult.Stale : DeviceMessageResult.Applied, applied, created, presenceChanged || changed, deltaChanged, clockSkewed);
    }

    /// <summary>
    /// Admits a network window under the rules of any device traffic (auto-discovery, lifecycle) and marks
    /// the device seen: online when the device measured the window itself, observed when a probe did (a device that
    /// announced itself online stays online); the window itself is the <see cref="Network.NetworkBehaviour"/>'s business.
    /// A twin takes windows from one source, the first that sent one: the other's are refused and counted, so two
    /// measurements of one host never mix in one series. A twin created from a window takes the type it names.
    /// A window starting further ahead of its receive time than <see cref="TwinRules.FutureTimestampTolerance"/>
    /// is refused first, changing nothing but the counter: as the twin's latest window it would refuse every real
    /// window as out of order until the real time caught up, and unlike a reported value it cannot be ordered by
    /// its receive time without writing a start nobody measured into the training data.
    /// </summary>
    public DeviceMessageOutcome AdmitNetworkWindow(
        DateTimeOffset windowStart, DateTimeOffset receivedAt, NetworkWindowSource source = NetworkWindowSource.Device, string? deviceType = null)
    {
        if (ClockSkew.IsAhead(windowStart, receivedAt, rules.FutureTimestampTolerance))
        {
            if (State.Exists)
            {
                State.ClockSkewedMessages++;
            }

            return new DeviceMessageOutcome(DeviceMessageResult.ClockSkewed, [], false, false, ClockSkewed: true);
        }

        if (State.Exists && State.NetworkSource is { } taken && taken != source)
        {
            State.NetworkWindowsSourceConflicts++;
            return new DeviceMessageOutcome(DeviceMessageResult.SourceConflict, [], false, false);
        }

        if (Admit(deviceType, receivedAt, out var created) is { } refused)
        {
            return refused;
        }

        var changed = State.Lifecycle == TwinLifecycle.Pending || State.NetworkSource is null;
        State.Lifecycle = TwinLifecycle.Active;
        State.NetworkSource = source;
        if (State.Type == TwinRules.UnknownType && deviceType is not null)
        {
            State.Type = deviceType;
            changed = true;
        }

        if (State.LastSeen is not { } seen || receivedAt > seen)
        {
            State.LastSeen = receivedAt;
        }

        var presence = source == NetworkWindowSource.Device || State.AnnouncedPresence == PresenceStatus.Online
            ? PresenceStatus.Online
            : PresenceStatus.Observed;
        var presenceChanged = State.AnnouncedPresence != presence;
        State.AnnouncedPresence = presence;
        if (changed || presenceChanged || created)
        {
            Touch(receivedAt);
        }

        return new DeviceMessageOutcome(DeviceMessageResult.Applied, [], created, presenceChanged || changed);
    }

    /// <summary>
    /// Creates an unknown device's twin when auto-discovery is on, then checks that the lifecycle takes device
    /// traffic; returns the refusal, counted, or null when the traffic may be applied.
    /// </summary>
    private DeviceMessageOutcome? Admit(string? deviceType, DateTimeOffset receivedAt, out bool created)
    {
        created = false;
        if (!State.Exists)
        {
            if (!rules.AutoDiscovery)
            {
                return new DeviceMessageOutcome(DeviceMessageResult.UnknownDevice, [], false, false);
            }

            if (rules.Discovery is { } quota && !quota.TryTake())
            {
                return new DeviceMessageOutcome(DeviceMessageResult.DiscoveryCapped, [], false, false);
            }

            var metadata = new Dictionary<string, FieldValue>(StringComparer.Ordinal)
            {
                [TwinRules.AutoDiscoveredKey] = FieldValue.FromBoolean(true),
            };
            Initialise(deviceType ?? TwinRules.UnknownType, metadata, [], TwinLifecycle.Active, receivedAt);
            created = true;
        }

        switch (TwinAdmission.Check(State, TwinAccess.DeviceTraffic))
        {
            case TwinRefusal.Decommissioned:
                State.RejectedMessages++;
                return new DeviceMessageOutcome(DeviceMessageResult.Decommissioned, [], false, false);
            case TwinRefusal.Suspended:
                State.IgnoredMessages++;
                return new DeviceMessageOutcome(DeviceMessageResult.Ignored, [], false, false);
            default:
                return null;
        }
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

    public TwinWriteStatus Create(TwinDefinition definition, DateTimeOffset now, TwinPrecondition? precondition = null)
    {
        // Creation is the one write whose precondition comes first: If-None-Match: * is how a client asks
        // for a create that never meets an existing twin.
        if (!Satisfies(precondition))
        {
            return TwinWriteStatus.PreconditionFailed;
        }

        if (State.Exists)
        {
            return TwinWriteStatus.AlreadyExists;
        }

        Initialise(definition.Type, new(definition.Metadata, StringComparer.Ordinal), new(definition.Properties, StringComparer.Ordinal), TwinLifecycle.Pending, now);
        Touch(now);
        return TwinWriteStatus.Applied;
    }

    public TwinWriteStatus ReplaceDefinition(TwinDefinition definition, DateTimeOffset now, TwinPrecondition? precondition = null)
    {
        var status = CheckWritable(precondition);
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

    public TwinWriteStatus ReplaceMetadata(Dictionary<string, FieldValue> metadata, DateTimeOffset now, TwinPrecondition? precondition = null)
    {
        var status = CheckWritable(precondition);
        if (status != TwinWriteStatus.Applied)
        {
            return status;
        }

        State.Metadata = new(metadata, StringComparer.Ordinal);
        Touch(now);
        return TwinWriteStatus.Applied;
    }

    /// <summary>
    /// Writes reported values from the API; the server time is their last-write-wins clock.
    /// <paramref name="deltaChanged"/> says whether the write changed which desired fields are still to be taken.
    /// </summary>
    public TwinWriteStatus UpdateReported(NamedValue[] values, DateTimeOffset now, out IReadOnlyList<NamedValue> changed, out bool deltaChanged, TwinPrecondition? precondition = null)
    {
        changed = [];
        deltaChanged = false;
        var status = CheckWritable(precondition);
        if (status != TwinWriteStatus.Applied)
        {
            return status;
        }

        if (WouldExceedFieldLimit(values))
        {
            return TwinWriteStatus.TooManyFields;
        }

        changed = MergeReported(values, now, out deltaChanged);
        if (changed.Count == 0)
        {
            return TwinWriteStatus.Stale;
        }

        Touch(now);
        return TwinWriteStatus.Applied;
    }

    /// <summary>Replaces the desired fields entirely, each stamped with <paramref name="now"/>.</summary>
    public TwinWriteStatus ReplaceDesired(Dictionary<string, FieldValue> desired, DateTimeOffset now, TwinPrecondition? precondition = null)
    {
        var status = CheckWritable(precondition);
        if (status != TwinWriteStatus.Applied)
        {
            return status;
        }

        if (desired.Count > TwinRules.MaxDesiredFields)
        {
            return TwinWriteStatus.TooManyFields;
        }

        var fields = new Dictionary<string, DesiredField>(desired.Count, StringComparer.Ordinal);
        foreach (var (name, value) in desired)
        {
            fields[name] = new DesiredField(value, now);
        }

        State.Desired = fields;
        TouchDesired(now);
        return TwinWriteStatus.Applied;
    }

    /// <summary>
    /// Applies a JSON Merge Patch (RFC 7396) to the desired fields: set fields are stamped with
    /// <paramref name="now"/>, removed ones go with their time. All or nothing: a patch that would take
    /// the twin past <see cref="TwinRules.MaxDesiredFields"/> changes nothing.
    /// </summary>
    public TwinWriteStatus PatchDesired(DesiredPatch patch, DateTimeOffset now, TwinPrecondition? precondition = null)
    {
        var status = CheckWritable(precondition);
        if (status != TwinWriteStatus.Applied)
        {
            return status;
        }

        var fields = new Dictionary<string, DesiredField>(State.Desired, StringComparer.Ordinal);
        foreach (var name in patch.Remove)
        {
            fields.Remove(name);
        }

        foreach (var (name, value) in patch.Set)
        {
            fields[name] = new DesiredField(value, now);
        }

        if (fields.Count > TwinRules.MaxDesiredFields)
        {
            return TwinWriteStatus.TooManyFields;
        }

        State.Desired = fields;
        TouchDesired(now);
        return TwinWriteStatus.Applied;
    }

    /// <summary>The desired values the device has not reported yet.</summary>
    public Dictionary<string, FieldValue> Delta() => DesiredDelta.Compute(State.Desired, State.Reported);

    public TwinWriteStatus ChangeLifecycle(TwinLifecycle target, DateTimeOffset now, TwinPrecondition? precondition = null)
    {
        var status = CheckLifecycleChange(target, precondition);
        if (status != TwinWriteStatus.Applied || State.Lifecycle == target)
        {
            return status;
        }

        State.Lifecycle = target;
        Touch(now);
        return TwinWriteStatus.Applied;
    }

    /// <summary>
    /// What <see cref="ChangeLifecycle"/> would answer, changing nothing: <see cref="TwinWriteStatus.Applied"/> when the
    /// twin is in <paramref name="target"/> already or may move there. The grain asks first where the change has
    /// consequences outside the twin (decommissioning revokes the device's credentials) that a refusal must not have.
    /// </summary>
    public TwinWriteStatus CheckLifecycleChange(TwinLifecycle target, TwinPrecondition? precondition = null)
    {
        var refusal = TwinAdmission.Check(State, TwinAccess.Management, precondition);
        if (refusal != TwinRefusal.None)
        {
            return TwinAdmission.ToWriteStatus(refusal);
        }

        if (State.Lifecycle == target || LifecycleRules.CanTransition(State.Lifecycle, target))
        {
            return TwinWriteStatus.Applied;
        }

        return State.Lifecycle == TwinLifecycle.Decommissioned ? TwinWriteStatus.Decommissioned : TwinWriteStatus.InvalidTransition;
    }

    /// <summary>
    /// Whether the twin may be deleted: it exists and the precondition holds. The delete itself is the
    /// grain's, which owns the storage and the message log it clears.
    /// </summary>
    public TwinWriteStatus CheckDeletable(TwinPrecondition? precondition = null) =>
        TwinAdmission.ToWriteStatus(TwinAdmission.Check(State, TwinAccess.Management, precondition));

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
        Counters = new TwinCounters(State.AcceptedMessages, State.StaleMessages, State.IgnoredMessages, State.RejectedMessages, State.ClockSkewedMessages),
        Desired = new(State.Desired, StringComparer.Ordinal),
        DesiredVersion = State.DesiredVersion,
        Delta = Delta(),
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

    private bool Satisfies(TwinPrecondition? precondition) => PreconditionRules.Holds(precondition, State.Exists, State.Version);

    private TwinWriteStatus CheckWritable(TwinPrecondition? precondition) =>
        TwinAdmission.ToWriteStatus(TwinAdmission.Check(State, TwinAccess.ContentWrite, precondition));

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

    /// <summary>
    /// Merges reported values by last-write-wins on <paramref name="timestamp"/>. On a tie (the same time as the
    /// value held) the value merged later wins: a device's messages reach its twin in the order it sent them, so
    /// the later one is its latest word, and an identical re-send changes nothing. <paramref name="deltaChanged"/>
    /// tells whether a merged value made a desired field match or stop matching; a twin without desired fields
    /// skips that check.
    /// </summary>
    private IReadOnlyList<NamedValue> MergeReported(NamedValue[] values, DateTimeOffset timestamp, out bool deltaChanged)
    {
        deltaChanged = false;

        // Nearly always every value is newer: the changed values are then the message's own array (never written
        // to), and a list is made only once a value is skipped.
        List<NamedValue>? applied = null;
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            var known = State.Reported.TryGetValue(value.Name, out var current);
            if (known && current.UpdatedAt > timestamp)
            {
                if (applied is null)
                {
                    applied = new List<NamedValue>(values.Length);
                    applied.AddRange(values.AsSpan(0, i));
                }

                continue;
            }

            if (State.Desired.Count > 0 && State.Desired.TryGetValue(value.Name, out var desired)
                && (known && current.Value == desired.Value) != (value.Value == desired.Value))
            {
                deltaChanged = true;
            }

            State.Reported[value.Name] = new ReportedField(value.Value, timestamp);
            applied?.Add(value);
        }

        return applied ?? (IReadOnlyList<NamedValue>)values;
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

    /// <summary>
    /// The device's connection went with a silo that died, and with it the last will that would have said so: an online
    /// device is offline from <paramref name="now"/> until it connects again. False when that changes nothing.
    /// </summary>
    public bool LoseConnection(DateTimeOffset now)
    {
        if (!State.Exists || State.AnnouncedPresence != PresenceStatus.Online)
        {
            return false;
        }

        State.AnnouncedPresence = PresenceStatus.Offline;
        Touch(now);
        return true;
    }

    private void TouchDesired(DateTimeOffset now)
    {
        State.DesiredVersion++;
        Touch(now);
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
