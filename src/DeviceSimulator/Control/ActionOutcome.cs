using DigitalTwin.DeviceSimulator.Telemetry;

namespace DigitalTwin.DeviceSimulator.Control;

/// <summary>What a device did with a command: the ack's status, its result fields, how long it took, and why it failed.</summary>
public sealed record ActionOutcome(bool Succeeded, double ExecutionSeconds, TelemetryReading Result, string? Message)
{
    public static ActionOutcome Success(double executionSeconds, TelemetryReading result) => new(true, executionSeconds, result, null);

    public static ActionOutcome Failure(double executionSeconds, string message) => new(false, executionSeconds, new TelemetryReading(), message);
}
