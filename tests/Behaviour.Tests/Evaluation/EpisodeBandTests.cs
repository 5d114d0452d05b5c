using DigitalTwin.Behaviour.Evaluation;

namespace DigitalTwin.Behaviour.Tests.Evaluation;

public sealed class EpisodeBandTests
{
    [Theory]
    [InlineData("""{"rate":4,"band":"low_and_slow","duration_s":3600}""", "low_and_slow")]
    [InlineData("""{"band":"standard"}""", "standard")]
    [InlineData("{}", null)]
    [InlineData("""{"rate":4}""", null)]
    [InlineData("""{"band":3}""", null)]
    [InlineData("not json", null)]
    public void TheBandIsReadFromTheParametersWhenTheyNameOne(string parameters, string? band)
    {
        Assert.Equal(band, EpisodeBand.Of(parameters));
    }
}
