using System.Text;
using System.Text.Json;
using DigitalTwin.DeviceSimulator.Control;
using DigitalTwin.DeviceSimulator.Telemetry;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Control;

public sealed class DesiredStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheDeltaIsAppliedAndReportedSoTheTwinsDeltaClears()
    {
        var light = new SmartLight("smart-light-0001", new Xoshiro256(1), 0, Now);

        var application = new DesiredStateHandler(light).Apply(
            """{"version":3,"desired":{"brightness":40,"power":"on","setpoint":21},"delta":{"brightness":40,"power":"on","setpoint":21},"timestamp":"2026-11-28T10:00:00.125Z"}"""u8,
            Now);

        Assert.NotNull(application);
        Assert.Equal(3, application.Version);
        Assert.Equal(["brightness", "power"], application.Applied);
        Assert.Empty(application.Refused);
        Assert.True(application.ShouldReport);
        Assert.Equal(40.0, application.State["brightness"]);
        Assert.Equal("on", application.State["power"]);
        Assert.Null(application.State["setpoint"]);
        Assert.Null(application.ToErrorReport("smart-light-0001", Now));
        Assert.Equal(40, light.TargetBrightness);
    }

    [Fact]
    public void ADocumentWithoutADeltaAppliesEveryDesiredField()
    {
        var camera = new Camera("camera-0001", new Xoshiro256(1), 0, Now);

        var application = new DesiredStateHandler(camera).Apply("""{"version":1,"desired":{"resolution":"4k","motion_detection":false}}"""u8, Now);

        Assert.Equal(["resolution", "motion_detection"], application!.Applied);
        Assert.Equal("4k", camera.Resolution);
        Assert.False(camera.MotionDetection);
    }

    [Fact]
    public void AnEmptyDeltaChangesNothingAndReportsNothing()
    {
        var light = new SmartLight("smart-light-0001", new Xoshiro256(1), 0, Now);

        var application = new DesiredStateHandler(light).Apply("""{"version":4,"desired":{"brightness":40},"delta":{}}"""u8, Now);

        Assert.Empty(application!.Applied);
        Assert.False(application.ShouldReport);
    }

    [Fact]
    public void ApplyingTheSameDocumentTwiceLeavesTheSameState()
    {
        var machine = new IndustrialEquipment("industrial-equipment-0001", new Xoshiro256(1), 0, Now);
        var handler = new DesiredStateHandler(machine);
        var document = """{"version":2,"desired":{"target_rpm":1800},"delta":{"target_rpm":1800}}"""u8.ToArray();

        var first = handler.Apply(document, Now)!;
        var second = handler.Apply(document, Now)!;

        Assert.Equal(Encoding.UTF8.GetString(first.State.ToEnvelope("x", "t", Now)), Encoding.UTF8.GetString(second.State.ToEnvelope("x", "t", Now)));
        Assert.Equal(1800, machine.TargetRpm);
    }

    [Fact]
    public void ABadValueIsRefusedWithAnErrorReportAndTheOtherFieldsStillApply()
    {
        var light = new SmartLight("smart-light-0001", new Xoshiro256(1), 0, Now);
        light.Execute("set_brightness", JsonDocument.Parse("""{"brightness":10}""").RootElement, Now);

        var application = new DesiredStateHandler(light).Apply("""{"version":5,"delta":{"brightness":150,"color_temperature":3000}}"""u8, Now)!;
        var report = JsonDocument.Parse(application.ToErrorReport("smart-light-0001", Now)!).RootElement;

        Assert.Equal(["color_temperature"], application.Applied);
        Assert.Equal("brightness", Assert.Single(application.Refused).Key);
        Assert.Equal(10, light.TargetBrightness);
        Assert.Equal("DESIRED_VALUE_REFUSED", report.GetProperty("error_code").GetString());
        Assert.Equal("brightness expects a whole number from 0 to 100", report.GetProperty("message").GetString());
        Assert.Equal("warning", report.GetProperty("severity").GetString());
        Assert.Equal(5, report.GetProperty("details").GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"version":1}""")]
    public void AnEmptyOrForeignPayloadIsNoDesiredDocument(string payload)
    {
        var light = new SmartLight("smart-light-0001", new Xoshiro256(1), 0, Now);

        Assert.Null(new DesiredStateHandler(light).Apply(Encoding.UTF8.GetBytes(payload), Now));
    }

    [Fact]
    public void EveryTypeReportsStateFieldsItAlsoTakesAsDesired()
    {
        foreach (var type in DeviceTypes.All)
        {
            var model = DeviceModels.Create(type, "device-0001", new Xoshiro256(1), 0, Now);
            var state = model.State();
            var json = JsonDocument.Parse(state.ToEnvelope("device-0001", type, Now)).RootElement.GetProperty("data");

            foreach (var field in json.EnumerateObject())
            {
                Assert.True(
                    model.ApplyDesired(field.Name, field.Value, Now, out var reason) == DesiredFieldResult.Applied || field.Name == "fault_code",
                    $"{type}.{field.Name}: {reason}");
            }
        }
    }
}
