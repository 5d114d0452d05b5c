namespace DigitalTwin.Grains.Tests.Network;

/// <summary><see cref="Interfaces.Network.NetworkWindowRecord"/> as it was serialized before windows carried their schema version.</summary>
[GenerateSerializer, Alias("dtn.tests.WindowRecordBeforeVersions")]
public sealed record WindowRecordBeforeVersions(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] double Seconds,
    [property: Id(2)] double[] Values);
