using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>
/// The digital twin of one device, keyed by device id. The MQTT bridge hands it device traffic;
/// the other methods serve the API.
/// </summary>
public interface ITwinGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a validated device message. Completes when the message is applied and, with PostgreSQL,
    /// durable in the message log: only then may the device be acknowledged. Throws when it could not be
    /// made durable; the twin then reloads from storage and the message counts as not received.
    /// </summary>
    Task ReceiveAsync(DeviceMessage message);

    /// <summary>
    /// Counts an error the device reported and publishes it as an <c>alert</c> on the live feeds. Nothing else
    /// changes; an alert for a twin that does not exist is dropped (it creates no twin).
    /// </summary>
    Task RaiseDeviceAlertAsync(DeviceAlert alert);

    /// <summary>The twin, or null when no twin exists under this id.</summary>
    Task<TwinSnapshot?> GetAsync();

    Task<TwinWriteResult> CreateAsync(TwinDefinition definition);

    /// <summary>Replaces type, metadata and properties of an existing twin.</summary>
    Task<TwinWriteResult> ReplaceDefinitionAsync(TwinDefinition definition);

    Task<TwinWriteResult> ReplaceMetadataAsync(Dictionary<string, FieldValue> metadata);

    /// <summary>Writes reported values from the API, stamped with the server time.</summary>
    Task<TwinWriteResult> UpdateReportedStateAsync(NamedValue[] values);

    Task<TwinWriteResult> ChangeLifecycleAsync(TwinLifecycle target);

    Task<TwinWriteResult> DeleteAsync();

    /// <summary>Recent telemetry in the range, newest first; null when the twin does not exist.</summary>
    Task<TelemetryPoint[]?> GetTelemetryAsync(TelemetryQuery query);
}
