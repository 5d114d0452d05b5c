namespace DigitalTwin.Bench.DatasetCheck;

/// <summary>One window as ML.NET sees it: every feature (the vector's size is set in the schema) and its class.</summary>
internal sealed class ModelInput
{
    public float[] Features { get; set; } = [];

    public string Label { get; set; } = "";
}
