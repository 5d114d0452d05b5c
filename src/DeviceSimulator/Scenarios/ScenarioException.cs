namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>A scenario file that cannot be used; the message names the file and the field (JSON path) at fault.</summary>
internal sealed class ScenarioException(string message, Exception? inner = null) : Exception(message, inner);
