using DigitalTwin.DeviceSimulator.Telemetry;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Telemetry;

public sealed class SensorFaultTests
{
    [Theory]
    [InlineData(0.01)]
    [InlineData(0.05)]
    public void FaultsStartAtTheConfiguredRate(double rate)
    {
        var faults = new SensorFaults(new Xoshiro256(11), rate, "temperature");
        var readings = 50_000;
        var opportunities = 0;

        for (var i = 0; i < readings; i++)
        {
            // A fault can only start when the previous one is over.
            var before = faults.Started;
            var reading = Reading(20 + i % 7);
            faults.Apply(reading);
            if (faults.Started > before || faults.Active == SensorFaultKind.None)
            {
                opportunities++;
            }
        }

        var observed = (double)faults.Started / opportunities;
        Assert.InRange(observed, rate * 0.85, rate * 1.15);
    }

    [Fact]
    public void NoFaultsAtRateZero()
    {
        var faults = new SensorFaults(new Xoshiro256(1), 0, "temperature");

        for (var i = 0; i < 10_000; i++)
        {
            var reading = Reading(i);
            faults.Apply(reading);
            Assert.Equal(i, reading.Number("temperature"));
        }

        Assert.Equal(0, faults.Started);
    }

    [Fact]
    public void AStuckSensorRepeatsItsLastGoodValueASpikeLeavesTheRangeAndADropoutLeavesTheFieldOut()
    {
        var faults = new SensorFaults(new Xoshiro256(5), 0.2, "temperature");
        var seen = new HashSet<SensorFaultKind>();
        double? lastGood = null;

        for (var i = 0; i < 2000; i++)
        {
            var truth = 20 + 0.01 * i;
            var reading = Reading(truth);
            faults.Apply(reading);
            seen.Add(faults.Active);
            switch (faults.Active)
            {
                case SensorFaultKind.Stuck:
                    Assert.Equal(lastGood, reading.Number("temperature"));
                    break;
                case SensorFaultKind.Spike:
                    Assert.True(Math.Abs(reading.Number("temperature") - truth) > truth, $"spike {reading.Number("temperature")} for {truth}");
                    break;
                case SensorFaultKind.Dropout:
                    Assert.False(reading.TryGetNumber("temperature", out _));
                    Assert.Equal(1, reading.Number("battery"));
                    break;
                default:
                    Assert.Equal(truth, reading.Number("temperature"));
                    lastGood = truth;
                    break;
            }
        }

        Assert.Equal([SensorFaultKind.None, SensorFaultKind.Stuck, SensorFaultKind.Spike, SensorFaultKind.Dropout], seen.Order());
    }

    [Fact]
    public void ARateOutsideZeroToOneIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SensorFaults(new Xoshiro256(1), 1.5, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SensorFaults(new Xoshiro256(1), -0.1, "x"));
    }

    private static TelemetryReading Reading(double temperature)
    {
        var reading = new TelemetryReading();
        reading.Set("temperature", temperature);
        reading.Set("battery", 1);
        return reading;
    }
}
