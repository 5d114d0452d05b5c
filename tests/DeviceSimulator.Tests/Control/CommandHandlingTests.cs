using System.Text;
using System.Text.Json;
using DigitalTwin.DeviceSimulator.Control;
using DigitalTwin.DeviceSimulator.Telemetry;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Control;

public sealed class CommandHandlingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheSimulatorRunsEveryTypeThePlatformDeclares()
    {
        Assert.Equal(ActionCatalog.BuiltIn.Types.Order(), DeviceTypes.All.Order());
        foreach (var type in DeviceTypes.All)
        {
            var model = DeviceModels.Create(type, "device-0001", new Xoshiro256(1), 0, Now);
            Assert.Equal(ActionCatalog.BuiltIn.ActionsOf(type).Keys.Order(), model.Actions.Order());
        }
    }

    [Fact]
    public void EveryDeclaredActionSucceedsWithValidParameters()
    {
        foreach (var type in DeviceTypes.All)
        {
            foreach (var (action, spec) in ActionCatalog.BuiltIn.ActionsOf(type))
            {
                // A fresh device per action: reset_alarm needs an alarm, update_firmware another version.
                var model = DeviceModels.Create(type, "device-0001", new Xoshiro256(1), 0, Now);
                var parameters = ValidParameters(spec);
                if (model is IndustrialEquipment machine && action == "reset_alarm")
                {
                    machine.Execute("set_speed", Json("""{"rpm":10000}"""), Now);
                    machine.Read(Now.AddMinutes(1));
                    parameters = Json($$"""{"code":"{{machine.FaultCode}}"}""");
                }

                var answer = Handler(model).Handle(Command(action, parameters), Now.AddMinutes(2));

                Assert.True(answer.Outcome.Succeeded, $"{type}.{action}: {answer.Outcome.Message}");
                Assert.InRange(answer.Outcome.ExecutionSeconds, 0.01, 20);
            }
        }
    }

    [Fact]
    public void SetBrightnessChangesTheLightsStateAndTelemetryAndAcksWithTheResult()
    {
        var light = new SmartLight("smart-light-0001", new Xoshiro256(1), 0, Now);
        light.Execute("turn_on", Json("{}"), Now);

        var answer = Handler(light).Handle(Command("set_brightness", Json("""{"brightness":75,"duration":2}""")), Now);
        var ack = JsonDocument.Parse(answer.ToAck("smart-light-0001", Now.AddSeconds(answer.Outcome.ExecutionSeconds))).RootElement;

        Assert.Equal("cmd-1", ack.GetProperty("command_id").GetString());
        Assert.Equal("smart-light-0001", ack.GetProperty("device_id").GetString());
        Assert.Equal("success", ack.GetProperty("status").GetString());
        Assert.Equal(75, ack.GetProperty("result").GetProperty("brightness").GetInt32());
        Assert.InRange(ack.GetProperty("result").GetProperty("execution_time").GetDouble(), 2, 2.5);
        Assert.Equal(75.0, light.State()["brightness"]);
        Assert.Equal(75, light.Read(Now.AddSeconds(3)).TryGetNumber("brightness", out var reported) ? reported : -1);
    }

    [Theory]
    [InlineData("set_brightness", """{"brightness":150}""", "parameter 'brightness' must be between 0 and 100")]
    [InlineData("set_brightness", """{"brightness":"high"}""", "parameter 'brightness' must be a number")]
    [InlineData("set_brightness", """{"brightness":7.5}""", "parameter 'brightness' must be a whole number")]
    [InlineData("set_brightness", """{}""", "parameter 'brightness' is required")]
    [InlineData("set_brightness", """{"brightness":5,"colour":"red"}""", "unknown parameter 'colour' for set_brightness")]
    [InlineData("set_color", """{"kelvin":true}""", "parameter 'kelvin' must be a number")]
    [InlineData("self_destruct", """{}""", "unknown action 'self_destruct' for smart_light")]
    [InlineData("", """{}""", "unknown action '' for smart_light")]
    public void InvalidCommandsGetAFailedAckWithTheReasonAndChangeNothing(string action, string parameters, string reason)
    {
        var light = new SmartLight("smart-light-0001", new Xoshiro256(1), 0, Now);
        var before = Encoding.UTF8.GetString(light.State().ToEnvelope("x", "t", Now));

        var answer = Handler(light).Handle(Command(action, Json(parameters)), Now);
        var ack = JsonDocument.Parse(answer.ToAck("smart-light-0001", Now)).RootElement;

        Assert.Equal("failed", ack.GetProperty("status").GetString());
        Assert.Equal(reason, ack.GetProperty("message").GetString());
        Assert.True(ack.GetProperty("result").GetProperty("execution_time").GetDouble() > 0);
        Assert.Equal(before, Encoding.UTF8.GetString(light.State().ToEnvelope("x", "t", Now)));
    }

    [Fact]
    public void StringParametersMustBeOneOfTheDeclaredValuesAndWithinTheirLength()
    {
        var camera = new Camera("camera-0001", new Xoshiro256(1), 0, Now);
        var gateway = new Gateway("gateway-0001", new Xoshiro256(1), 0, Now);

        var resolution = Handler(camera).Handle(Command("start_stream", Json("""{"resolution":"8k"}""")), Now);
        var version = Handler(gateway).Handle(Command("update_firmware", Json($$"""{"version":"{{new string('9', 65)}}"}""")), Now);

        Assert.Equal("parameter 'resolution' must be one of 480p, 720p, 1080p, 4k", resolution.Outcome.Message);
        Assert.Equal("parameter 'version' is longer than 64 characters", version.Outcome.Message);
    }

    [Fact]
    public void TheConfiguredShareOfValidCommandsFailsWithTheDevicesOwnReason()
    {
        var light = new SmartLight("smart-light-0001", new Xoshiro256(1), 0, Now);
        var handler = new CommandHandler(light, ActionCatalog.BuiltIn, 0.25, new Xoshiro256(2));

        var outcomes = Enumerable.Range(0, 4000).Select(_ => handler.Handle(Command("turn_on", Json("{}")), Now).Outcome).ToList();

        Assert.InRange(outcomes.Count(o => !o.Succeeded), 900, 1100);
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal("LED driver over temperature", o.Message));
    }

    [Fact]
    public void AMachineInAlarmRefusesToStartUntilTheAlarmIsResetWithItsCode()
    {
        var machine = new IndustrialEquipment("industrial-equipment-0001", new Xoshiro256(1), 0, Now);
        machine.Execute("set_speed", Json("""{"rpm":10000}"""), Now);
        machine.Read(Now.AddMinutes(1));
        Assert.Equal(IndustrialEquipment.VibrationFault, machine.FaultCode);
        Assert.False(machine.Running);
        var handler = Handler(machine);

        var start = handler.Handle(Command("start", Json("{}")), Now.AddMinutes(2));
        var wrongCode = handler.Handle(Command("reset_alarm", Json("""{"code":"E-OTHER"}""")), Now.AddMinutes(2));
        var reset = handler.Handle(Command("reset_alarm", Json($$"""{"code":"{{IndustrialEquipment.VibrationFault}}"}""")), Now.AddMinutes(2));
        handler.Handle(Command("set_speed", Json("""{"rpm":1500}""")), Now.AddMinutes(2));
        var restart = handler.Handle(Command("start", Json("{}")), Now.AddMinutes(2));

        Assert.Equal($"alarm {IndustrialEquipment.VibrationFault} active: reset_alarm first", start.Outcome.Message);
        Assert.Equal($"active alarm is {IndustrialEquipment.VibrationFault}, not E-OTHER", wrongCode.Outcome.Message);
        Assert.True(reset.Outcome.Succeeded);
        Assert.True(restart.Outcome.Succeeded);
        Assert.True(machine.Running);
    }

    [Theory]
    [InlineData("""{"action":"turn_on"}""", "command without a command_id")]
    [InlineData("""{"command_id":"","action":"turn_on"}""", "command without a command_id")]
    [InlineData("""[1,2]""", "command without a command_id")]
    public void ACommandWithoutAnIdCannotBeAnswered(string payload, string problem)
    {
        Assert.Null(DeviceCommand.Parse(Encoding.UTF8.GetBytes(payload), out var reason));
        Assert.Equal(problem, reason);
    }

    [Fact]
    public void ACommandReadsAsThePlatformPublishesIt()
    {
        var command = DeviceCommand.Parse("""{"command_id":"cmd-019a","device_id":"smart-light-0001","timestamp":1795000000.125,"action":"set_brightness","parameters":{"brightness":75,"duration":2},"timeout":10}"""u8, out _);

        Assert.NotNull(command);
        Assert.Equal("cmd-019a", command.CommandId);
        Assert.Equal("set_brightness", command.Action);
        Assert.Equal(75, command.Parameters.GetProperty("brightness").GetInt32());
        Assert.Equal(10, command.Timeout);
    }

    private static CommandHandler Handler(DeviceModel model) => new(model, ActionCatalog.BuiltIn, 0, new Xoshiro256(9));

    private static DeviceCommand Command(string action, JsonElement parameters) => new("cmd-1", action, parameters, 10);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    // The smallest valid parameters: each required one at its minimum, its first listed value, or a short text.
    private static JsonElement ValidParameters(ActionSpec spec)
    {
        var members = spec.Parameters.Where(p => p.Value.Required).Select(p => $"\"{p.Key}\":" + p.Value.Type switch
        {
            "number" or "integer" => (p.Value.Minimum ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "boolean" => "true",
            _ => p.Value.Values is { Count: > 0 } values ? $"\"{values[0]}\"" : "\"v9.9.9\"",
        });
        return Json("{" + string.Join(',', members) + "}");
    }
}
