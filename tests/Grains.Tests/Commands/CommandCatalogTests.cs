using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Values;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Tests.Commands;

/// <summary>Commands are checked against the actions and parameter schema their device type declares.</summary>
public sealed class CommandCatalogTests
{
    private static CommandCatalog Catalog(Action<CommandOptions>? configure = null)
    {
        var options = new CommandOptions();
        configure?.Invoke(options);
        new BuiltInDeviceTypes().PostConfigure(null, options);
        return new CommandCatalog(Options.Create(options));
    }

    private static Dictionary<string, FieldValue> Parameters(params (string Name, FieldValue Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    [Fact]
    public void TheBuiltInTypesDeclareTheirActions()
    {
        var catalog = Catalog();

        Assert.Equal(
            ["camera", "environmental_monitor", "gateway", "industrial_equipment", "smart_light", "temperature_sensor"],
            catalog.DeviceTypes.Keys.Order(StringComparer.Ordinal));
        Assert.Null(catalog.Check("smart_light", "set_brightness", Parameters(("brightness", FieldValue.FromNumber(75)), ("duration", FieldValue.FromNumber(2)))));
        Assert.Null(catalog.Check("smart_light", "turn_off", Parameters()));
    }

    [Theory]
    [InlineData("smart_light", "explode", "device type 'smart_light' has no action 'explode'; its actions are: set_brightness, set_color, turn_off, turn_on")]
    [InlineData("toaster", "toast", "device type 'toaster' declares no actions (declare them under Commands:DeviceTypes:toaster)")]
    public void AnUndeclaredActionIsRefused(string type, string action, string message)
    {
        var refusal = Catalog().Check(type, action, Parameters());

        Assert.Equal((CommandResultStatus.UnknownAction, message), refusal);
    }

    public static TheoryData<string, FieldValue, string> BadBrightness => new()
    {
        { "brightness", FieldValue.FromText("high"), "parameter 'brightness' of action 'set_brightness' must be an integer" },
        { "brightness", FieldValue.FromNumber(75.5), "parameter 'brightness' of action 'set_brightness' must be an integer" },
        { "brightness", FieldValue.FromNumber(101), "parameter 'brightness' of action 'set_brightness' must be between 0 and 100" },
        { "brightness", FieldValue.FromBoolean(true), "parameter 'brightness' of action 'set_brightness' must be an integer" },
        { "colour", FieldValue.FromNumber(1), "action 'set_brightness' has no parameter 'colour'; it takes: brightness, duration" },
    };

    [Theory]
    [MemberData(nameof(BadBrightness))]
    public void ParametersOutsideTheSchemaAreRefused(string name, FieldValue value, string message)
    {
        var refusal = Catalog().Check("smart_light", "set_brightness", Parameters((name, value)));

        Assert.Equal((CommandResultStatus.InvalidParameters, message), refusal);
    }

    [Fact]
    public void AMissingRequiredParameterIsRefused()
    {
        var refusal = Catalog().Check("smart_light", "set_brightness", Parameters(("duration", FieldValue.FromNumber(1))));

        Assert.Equal((CommandResultStatus.InvalidParameters, "action 'set_brightness' requires parameter 'brightness' (integer)"), refusal);
    }

    [Fact]
    public void StringParametersKeepToTheirAllowedValuesAndLength()
    {
        var catalog = Catalog();

        Assert.Null(catalog.Check("gateway", "set_log_level", Parameters(("level", FieldValue.FromText("debug")))));
        Assert.Equal(
            "parameter 'level' of action 'set_log_level' must be one of: debug, info, warning, error",
            catalog.Check("gateway", "set_log_level", Parameters(("level", FieldValue.FromText("verbose"))))?.Message);
        Assert.Equal(
            "parameter 'version' of action 'update_firmware' must be at most 64 characters",
            catalog.Check("gateway", "update_firmware", Parameters(("version", FieldValue.FromText(new string('1', 65)))))?.Message);
    }

    [Fact]
    public void ConfigurationAddsTypesAndReplacesABuiltInOneWhole()
    {
        var catalog = Catalog(options =>
        {
            options.DeviceTypes["smart_light"] = new DeviceTypeDeclaration { Actions = { ["blink"] = new ActionDeclaration() } };
            options.DeviceTypes["valve"] = new DeviceTypeDeclaration
            {
                Actions = { ["open"] = new ActionDeclaration { Parameters = { ["percent"] = new ParameterDeclaration { Type = "number", Required = true, Minimum = 0, Maximum = 100 } } } },
            };
        });

        Assert.Null(catalog.Check("smart_light", "blink", Parameters()));
        Assert.Equal(CommandResultStatus.UnknownAction, catalog.Check("smart_light", "turn_on", Parameters())?.Status);
        Assert.Null(catalog.Check("valve", "open", Parameters(("percent", FieldValue.FromNumber(42.5)))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void AHistoryOutsideOneToTenThousandIsRefused(int history)
    {
        var result = new CommandOptionsValidator().Validate(null, new CommandOptions { HistoryPerTwin = history });

        Assert.Contains("Commands:HistoryPerTwin must be between 1 and 10000", result.Failures!);
    }

    [Fact]
    public void BadDeclarationsStopTheSiloNamingTheKey()
    {
        var options = new CommandOptions();
        options.DeviceTypes["valve"] = new DeviceTypeDeclaration
        {
            Actions =
            {
                ["open now"] = new ActionDeclaration(),
                ["close"] = new ActionDeclaration { Parameters = { ["speed"] = new ParameterDeclaration { Type = "float", Minimum = 5, Maximum = 1 } } },
            },
        };

        var result = new CommandOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Commands:DeviceTypes:valve:Actions:open now:", StringComparison.Ordinal));
        Assert.Contains("Commands:DeviceTypes:valve:Actions:close:Parameters:speed:Type must be one of number, integer, boolean, string, not 'float'", result.Failures!);
        Assert.Contains("Commands:DeviceTypes:valve:Actions:close:Parameters:speed: Minimum is above Maximum", result.Failures!);
    }
}
