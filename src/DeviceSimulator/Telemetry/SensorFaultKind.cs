namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>How a faulty sensor misreports one of its fields.</summary>
internal enum SensorFaultKind
{
    None,

    /// <summary>The field repeats its last good value for several readings (a frozen ADC or a hung bus).</summary>
    Stuck,

    /// <summary>One reading far off the true value (electrical noise, a bad sample).</summary>
    Spike,

    /// <summary>The field is missing from several readings (sensor not answering).</summary>
    Dropout,
}
