using DigitalTwin.DeviceSimulator.Telemetry;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Telemetry;

public sealed class SensorDynamicsTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData("temperature-sensor-0001")]
    [InlineData("temperature-sensor-0002")]
    [InlineData("temperature-sensor-0003")]
    public void TemperatureIsWarmestInTheAfternoonAndCoolestBeforeDawn(string id)
    {
        var sensor = new TemperatureSensor(id, new Xoshiro256(Xoshiro256.Derive(7, id)), 0, Readings.Midnight);

        var readings = Readings.Take(sensor, Readings.Midnight, TenMinutes, 6 * 24 * 3);

        var afternoon = readings.Where(r => r.At.Hour is >= 14 and < 16).Average(r => r.Reading.Number("temperature"));
        var night = readings.Where(r => r.At.Hour is >= 2 and < 4).Average(r => r.Reading.Number("temperature"));
        Assert.True(afternoon - night > 2, $"afternoon {afternoon:F2} vs night {night:F2}");
    }

    [Fact]
    public void HumidityFallsAsTheTemperatureRises()
    {
        var sensor = new TemperatureSensor("temperature-sensor-0001", new Xoshiro256(Xoshiro256.Derive(1, "temperature-sensor-0001")), 0, Readings.Midnight);

        var readings = Readings.Take(sensor, Readings.Midnight, TenMinutes, 6 * 48);

        var correlation = Readings.Correlation(
            readings.Select(r => r.Reading.Number("temperature")).ToList(), readings.Select(r => r.Reading.Number("humidity")).ToList());
        Assert.True(correlation < -0.7, $"correlation {correlation:F2}");
    }

    [Fact]
    public void TheBatteryDrainsOverADay()
    {
        var sensor = new TemperatureSensor("temperature-sensor-0001", new Xoshiro256(Xoshiro256.Derive(1, "temperature-sensor-0001")), 0, Readings.Midnight);

        var first = sensor.Read(Readings.Midnight).Number("battery");
        var dayLater = sensor.Read(Readings.Midnight.AddDays(1)).Number("battery");

        Assert.InRange(first - dayLater, 1, 4);
    }

    [Fact]
    public void OfficeCo2RisesWithOccupancyOnAWorkingDay()
    {
        var monitor = new EnvironmentalMonitor("environmental-monitor-0001", new Xoshiro256(Xoshiro256.Derive(1, "environmental-monitor-0001")), 0, Readings.Midnight);

        var readings = Readings.Take(monitor, Readings.Midnight, TimeSpan.FromMinutes(5), 12 * 24);

        var midday = readings.Where(r => r.At.Hour is >= 12 and < 15).Average(r => r.Reading.Number("co2"));
        var night = readings.Where(r => r.At.Hour is >= 1 and < 5).Average(r => r.Reading.Number("co2"));
        Assert.True(midday - night > 250, $"midday {midday:F0} ppm vs night {night:F0} ppm");
        Assert.InRange(night, 380, 480);
    }

    [Fact]
    public void VibrationGrowsWithSpeed()
    {
        var machine = new IndustrialEquipment("industrial-equipment-0001", new Xoshiro256(Xoshiro256.Derive(1, "industrial-equipment-0001")), 0, Readings.Midnight);
        var vibrationBySpeed = new List<double>();
        var at = Readings.Midnight;
        foreach (var rpm in new[] { 600, 1200, 1800, 2400 })
        {
            machine.Execute("set_speed", Parameters($$"""{"rpm":{{rpm}}}"""), at);
            at = at.AddMinutes(1);
            vibrationBySpeed.Add(Readings.Take(machine, at, TimeSpan.FromSeconds(10), 30).Average(r => r.Reading.Number("vibration")));
            at = at.AddMinutes(5);
        }

        Assert.Equal(vibrationBySpeed.Order(), vibrationBySpeed);
        Assert.True(vibrationBySpeed[^1] > 2 * vibrationBySpeed[0], string.Join(", ", vibrationBySpeed));
    }

    [Fact]
    public void MotorTemperatureLagsTheLoad()
    {
        var machine = new IndustrialEquipment("industrial-equipment-0002", new Xoshiro256(Xoshiro256.Derive(1, "industrial-equipment-0002")), 0, Readings.Midnight);
        machine.Execute("stop", Parameters("""{"mode":"emergency"}"""), Readings.Midnight);
        var cold = machine.Read(Readings.Midnight.AddHours(3)).Number("motor_temperature");

        machine.Execute("set_speed", Parameters("""{"rpm":2500}"""), Readings.Midnight.AddHours(3));
        machine.Execute("start", Parameters("{}"), Readings.Midnight.AddHours(3));
        var oneMinute = machine.Read(Readings.Midnight.AddHours(3).AddMinutes(1)).Number("motor_temperature");
        var halfHour = machine.Read(Readings.Midnight.AddHours(3).AddMinutes(30)).Number("motor_temperature");

        Assert.True(oneMinute - cold < 6, $"cold {cold}, after a minute {oneMinute}");
        Assert.True(halfHour - cold > 20, $"cold {cold}, after half an hour {halfHour}");
    }

    [Fact]
    public void ALightDrawsPowerByItsBrightnessAndOnlyStandbyWhenOff()
    {
        var light = new SmartLight("smart-light-0001", new Xoshiro256(Xoshiro256.Derive(1, "smart-light-0001")), 0, Readings.Midnight);
        light.Execute("turn_on", Parameters("""{"brightness":20}"""), Readings.Midnight);
        var dim = light.Read(Readings.Midnight.AddSeconds(1)).Number("power_draw");
        light.Execute("set_brightness", Parameters("""{"brightness":100}"""), Readings.Midnight.AddSeconds(2));
        var bright = light.Read(Readings.Midnight.AddSeconds(3)).Number("power_draw");
        light.Execute("turn_off", Parameters("{}"), Readings.Midnight.AddSeconds(4));
        var off = light.Read(Readings.Midnight.AddSeconds(5));

        Assert.True(bright > 3 * dim, $"dim {dim} W, bright {bright} W");
        Assert.InRange(off.Number("power_draw"), 0, 0.5);
        Assert.Equal("off", off["power"]);
    }

    [Fact]
    public void AFadeReachesItsBrightnessOverTheDuration()
    {
        var light = new SmartLight("smart-light-0002", new Xoshiro256(Xoshiro256.Derive(1, "smart-light-0002")), 0, Readings.Midnight);
        light.Execute("set_brightness", Parameters("""{"brightness":0}"""), Readings.Midnight);

        light.Execute("set_brightness", Parameters("""{"brightness":100,"duration":10}"""), Readings.Midnight.AddSeconds(1));
        light.AdvanceTo(Readings.Midnight.AddSeconds(6));
        var halfway = light.Brightness;
        light.AdvanceTo(Readings.Midnight.AddSeconds(12));

        Assert.InRange(halfway, 40, 60);
        Assert.Equal(100, light.Brightness);
    }

    [Fact]
    public void EveryTypeReportsPlausibleFieldsOfTheKindsThePlatformAccepts()
    {
        foreach (var type in DeviceTypes.All)
        {
            var model = DeviceModels.Create(type, "device-0001", new Xoshiro256(Xoshiro256.Derive(1, "device-0001")), 0, Readings.Midnight);
            var reading = model.Read(Readings.Midnight.AddSeconds(30));

            Assert.InRange(reading.Count, 2, 256);
            foreach (var name in reading.Names)
            {
                Assert.True(reading[name] is bool or string or double, $"{type}.{name}");
                Assert.False(reading[name] is double d && !double.IsFinite(d), $"{type}.{name} is not finite");
            }
        }
    }

    [Fact]
    public void TheSameSeedAndIdGiveTheSameReadingsAndAnotherIdOthers()
    {
        foreach (var type in DeviceTypes.All)
        {
            var first = Readings.Take(DeviceModels.Create(type, "device-0001", new Xoshiro256(Xoshiro256.Derive(3, "device-0001")), 0.05, Readings.Midnight), Readings.Midnight, TenMinutes, 50);
            var again = Readings.Take(DeviceModels.Create(type, "device-0001", new Xoshiro256(Xoshiro256.Derive(3, "device-0001")), 0.05, Readings.Midnight), Readings.Midnight, TenMinutes, 50);
            var other = Readings.Take(DeviceModels.Create(type, "device-0002", new Xoshiro256(Xoshiro256.Derive(3, "device-0002")), 0.05, Readings.Midnight), Readings.Midnight, TenMinutes, 50);

            Assert.Equal(Json(first), Json(again));
            Assert.NotEqual(Json(first), Json(other));
        }
    }

    private static List<string> Json(IEnumerable<(DateTimeOffset At, TelemetryReading Reading)> readings) =>
        readings.Select(r => System.Text.Encoding.UTF8.GetString(r.Reading.ToEnvelope("x", "t", r.At))).ToList();

    private static System.Text.Json.JsonElement Parameters(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement;
}
