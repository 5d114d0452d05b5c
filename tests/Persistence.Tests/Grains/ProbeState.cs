namespace DigitalTwin.Persistence.Tests.Grains;

[GenerateSerializer, Alias("dtn.tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)] public string Text { get; set; } = "";

    [Id(1)] public int Number { get; set; }

    [Id(2)] public DateTimeOffset WrittenAt { get; set; }
}
