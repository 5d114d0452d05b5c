using DigitalTwin.Detection.Baselines;
using DigitalTwin.Grains.Detection;

namespace DigitalTwin.Grains.Tests.Detection;

public sealed class BaselineStateConverterTests
{
    [Fact]
    public void AShareWithSinglePrecisionWeightsFromASiloNotYetUpgradedStillReads()
    {
        var converter = new BaselineStateConverter();
        var old = new BaselineStateSurrogate
        {
            SchemaVersion = 3, SingleWeights = [0.75f, 2], Totals = [2.75], HourLevels = new float[24], HourWindows = new float[24], Windows = 3,
        };

        var state = converter.ConvertFromSurrogate(old);

        Assert.Equal([0.75, 2.0], state.Weights);
        Assert.Equal((3, 3L), (state.SchemaVersion, state.Windows));
    }

    [Fact]
    public void TheWeightsGoAsDoubles()
    {
        var converter = new BaselineStateConverter();
        var state = BaselineState.Empty(1);
        state.Weights[0] = 16_777_217;

        var surrogate = converter.ConvertToSurrogate(state);

        Assert.Null(surrogate.SingleWeights);
        Assert.Equal(16_777_217, converter.ConvertFromSurrogate(surrogate).Weights[0]);
    }
}
