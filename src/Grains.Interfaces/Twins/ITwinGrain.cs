using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>
/// The digital twin of one device, keyed by device id. Device traffic reaches it over the
/// device stream; these methods serve the API.
/// </summary>
public interface ITwinGrain : IGrainWithStringKey
{
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
