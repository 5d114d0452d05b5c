using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>
/// The digital twin of one device, keyed by device id: its identity, reported state and lifecycle. The MQTT bridge
/// hands it device traffic; the other methods serve the API. The same grain has further sides by concern, on the
/// same key: <see cref="ITwinDesiredStateGrain"/>, <c>ITwinCommandsGrain</c>, <c>ITwinNetworkGrain</c> and
/// <c>ITwinDetectionGrain</c>. Every write takes an optional <see cref="TwinPrecondition"/> on the
/// twin's version, checked atomically with the write: when it does not hold, the result is
/// <see cref="TwinWriteStatus.PreconditionFailed"/> and nothing changes.
/// </summary>
public interface ITwinGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a validated device message at once, past the device's queue and its log: the way tests and tools that
    /// need the outcome before they go on hand a twin a message. Devices' messages come through the device stream
    /// (<c>DeviceStreams</c>), queued and, with PostgreSQL, logged before the device is acknowledged; a message
    /// handed over here is neither, so it is not replayed after a crash nor kept in the telemetry history.
    /// </summary>
    Task ReceiveAsync(DeviceMessage message);

    /// <summary>
    /// Counts an error the device reported and publishes it as an <c>alert</c> on the live feeds. Nothing else
    /// changes; an alert for a twin that does not exist is dropped (it creates no twin).
    /// </summary>
    Task RaiseDeviceAlertAsync(DeviceAlert alert);

    /// <summary>The twin, or null when no twin exists under this id.</summary>
    Task<TwinSnapshot?> GetAsync();

    /// <summary>Creates the twin, pending; <see cref="TwinPrecondition.IfNoneMatchAny"/> turns an existing twin into a failed precondition.</summary>
    Task<TwinWriteResult> CreateAsync(TwinDefinition definition, TwinPrecondition? precondition = null);

    /// <summary>Replaces type, metadata and properties of an existing twin.</summary>
    Task<TwinWriteResult> ReplaceDefinitionAsync(TwinDefinition definition, TwinPrecondition? precondition = null);

    /// <summary>Replaces the metadata of an existing twin.</summary>
    Task<TwinWriteResult> ReplaceMetadataAsync(Dictionary<string, FieldValue> metadata, TwinPrecondition? precondition = null);

    /// <summary>Writes reported values from the API, stamped with the server time.</summary>
    Task<TwinWriteResult> UpdateReportedStateAsync(NamedValue[] values, TwinPrecondition? precondition = null);

    /// <summary>Moves the twin to <paramref name="target"/>; repeating the current state is applied and changes nothing.</summary>
    Task<TwinWriteResult> ChangeLifecycleAsync(TwinLifecycle target, TwinPrecondition? precondition = null);

    /// <summary>Deletes the twin and its data.</summary>
    Task<TwinWriteResult> DeleteAsync(TwinPrecondition? precondition = null);

    /// <summary>Recent telemetry in the range, newest first; null when the twin does not exist.</summary>
    Task<TelemetryPoint[]?> GetTelemetryAsync(TelemetryQuery query);
}
